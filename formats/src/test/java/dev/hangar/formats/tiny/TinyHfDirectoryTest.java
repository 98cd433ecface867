package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufFile;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufTensorInfo;
import dev.hangar.formats.safetensors.SafetensorsDtype;
import dev.hangar.formats.safetensors.SafetensorsFile;
import dev.hangar.formats.safetensors.SafetensorsReader;
import dev.hangar.formats.safetensors.SafetensorsTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TinyHfDirectoryTest {
    private static final TinyModel SMALLEST = TinyModel.ofSize("100k", 42);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void safetensorsHeaderIsValidAndHoldsEveryLlamaTensorInTheChosenDtype() throws IOException {
        SMALLEST.writeHfDirectory(dir, GgmlType.BF16);

        SafetensorsFile weights = SafetensorsReader.read(dir.resolve("model.safetensors"));

        assertThat(weights.tensors()).allMatch(tensor -> tensor.dtype() == SafetensorsDtype.BF16);
        assertThat(weights.tensors().stream()
                        .mapToLong(tensor -> tensor.shape().stream().reduce(1L, Math::multiplyExact))
                        .sum())
                .isEqualTo(SMALLEST.shape().parameterCount());
        int hidden = SMALLEST.shape().hidden();
        assertThat(weights.tensors())
                .filteredOn(tensor -> tensor.name().equals("model.layers.0.self_attn.k_proj.weight"))
                .singleElement()
                .extracting(SafetensorsTensor::shape)
                .isEqualTo(List.of((long) SMALLEST.shape().kvWidth(), (long) hidden));
        assertThat(weights.tensors())
                .extracting(SafetensorsTensor::name)
                .contains(
                        "model.embed_tokens.weight",
                        "model.norm.weight",
                        "lm_head.weight",
                        "model.layers.0.input_layernorm.weight",
                        "model.layers.0.mlp.down_proj.weight");
    }

    @Test
    void configNumbersMatchTheShape() throws IOException {
        SMALLEST.writeHfDirectory(dir, GgmlType.F16);

        JsonNode config = read("config.json");

        TinyModelShape shape = SMALLEST.shape();
        assertThat(config.get("architectures").get(0).asString()).isEqualTo("LlamaForCausalLM");
        assertThat(config.get("model_type").asString()).isEqualTo("llama");
        assertThat(config.get("hidden_size").asInt()).isEqualTo(shape.hidden());
        assertThat(config.get("intermediate_size").asInt()).isEqualTo(shape.feedForward());
        assertThat(config.get("num_hidden_layers").asInt()).isEqualTo(shape.layers());
        assertThat(config.get("num_attention_heads").asInt()).isEqualTo(shape.heads());
        assertThat(config.get("num_key_value_heads").asInt()).isEqualTo(shape.kvHeads());
        assertThat(config.get("vocab_size").asInt()).isEqualTo(shape.vocabSize());
        assertThat(config.get("rms_norm_eps").asDouble()).isEqualTo(1e-5, within(1e-9));
        assertThat(config.get("torch_dtype").asString()).isEqualTo("float16");
        assertThat(config.get("eos_token_id").asInt()).isEqualTo(TinyVocabulary.EOS_ID);
        assertThat(read("generation_config.json").get("eos_token_id").asInt()).isEqualTo(TinyVocabulary.EOS_ID);
    }

    @Test
    void tokenizerFilesCarryTheVocabularyMergesAndChatTemplate() throws IOException {
        SMALLEST.writeHfDirectory(dir, GgmlType.F16);

        JsonNode tokenizer = read("tokenizer.json");
        JsonNode config = read("tokenizer_config.json");

        JsonNode model = tokenizer.get("model");
        assertThat(model.get("type").asString()).isEqualTo("BPE");
        assertThat(model.get("byte_fallback").asBoolean()).isTrue();
        assertThat(model.get("vocab").size()).isEqualTo(SMALLEST.vocabulary().size());
        assertThat(model.get("vocab").get("<|im_end|>").asInt()).isEqualTo(TinyVocabulary.EOS_ID);
        assertThat(model.get("vocab").get("<0x41>").asInt()).isEqualTo(5 + 0x41);
        Set<String> vocab = new HashSet<>(model.get("vocab").propertyNames());
        assertThat(model.get("merges").valueStream().map(JsonNode::asString))
                .isNotEmpty()
                .allSatisfy(merge -> {
                    String[] parts = merge.split(" ");
                    assertThat(vocab).contains(parts[0], parts[1], parts[0] + parts[1]);
                });
        assertThat(tokenizer
                        .get("added_tokens")
                        .valueStream()
                        .map(token -> token.get("content").asString()))
                .containsExactly("<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>");
        assertThat(config.get("chat_template").asString()).isEqualTo(TinyVocabulary.CHAT_TEMPLATE);
        assertThat(config.get("eos_token").asString()).isEqualTo("<|im_end|>");
        assertThat(config.get("bos_token").asString()).isEqualTo("<s>");
    }

    @Test
    void ggufAndHfDirectoryOfOneSeedHoldTheSameWeights() throws IOException {
        Path gguf = dir.resolve("tiny.gguf");
        Path hf = dir.resolve("hf");
        SMALLEST.writeGguf(gguf, GgmlType.F16);
        SMALLEST.writeHfDirectory(hf, GgmlType.F16);

        GgufFile ggufFile = GgufReader.read(gguf);
        SafetensorsFile weights = SafetensorsReader.read(hf.resolve("model.safetensors"));

        int rowBytes = SMALLEST.shape().hidden() * 2;
        try (FileChannel ggufData = FileChannel.open(gguf);
                FileChannel hfData = FileChannel.open(hf.resolve("model.safetensors"))) {
            assertThat(bytes(ggufData, ggufTensor(ggufFile, "token_embd.weight").absoluteOffset(), 3 * rowBytes))
                    .isEqualTo(bytes(
                            hfData,
                            hfTensor(weights, "model.embed_tokens.weight").absoluteOffset(),
                            3 * rowBytes));
            long ggufQuery = ggufTensor(ggufFile, "blk.0.attn_q.weight").absoluteOffset();
            long hfQuery =
                    hfTensor(weights, "model.layers.0.self_attn.q_proj.weight").absoluteOffset();
            int headDim = SMALLEST.shape().headDim();
            assertThat(bytes(ggufData, ggufQuery + rowBytes, rowBytes))
                    .as("GGUF row 1 is the first row of the head's second half")
                    .isEqualTo(bytes(hfData, hfQuery + (long) (headDim / 2) * rowBytes, rowBytes));
        }
    }

    @Test
    void quantizedTypesAreRefusedForSafetensorsWithAWayOut() {
        assertThatThrownBy(() -> SMALLEST.writeHfDirectory(dir, GgmlType.Q8_0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("safetensors weights are F16, BF16 or F32; Q8_0 is a GGUF quantization");
    }

    private JsonNode read(String name) throws IOException {
        return JSON.readTree(Files.readString(dir.resolve(name)));
    }

    private static GgufTensorInfo ggufTensor(GgufFile file, String name) {
        return file.tensors().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static SafetensorsTensor hfTensor(SafetensorsFile file, String name) {
        return file.tensors().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] bytes(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.read(buffer, offset);
        return buffer.array();
    }
}
