package dev.hangar.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.InMemoryChannel;
import dev.hangar.formats.InvalidModelFile;
import dev.hangar.formats.ModelMetadata;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GgufModelInfoTest {

    @Test
    void llamaModelMetadataIsReadIntoTypedFields() throws IOException {
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", str("llama"))
                .put("general.name", str("Tiny Llama"))
                .put("general.license", str("apache-2.0"))
                .put("general.file_type", new GgufValue.UInt32(15))
                .put("llama.context_length", new GgufValue.UInt32(4096))
                .put("llama.embedding_length", new GgufValue.UInt32(64))
                .put("llama.block_count", new GgufValue.UInt32(2))
                .put("llama.attention.head_count", new GgufValue.UInt32(4))
                .put("llama.attention.head_count_kv", new GgufValue.UInt32(2))
                .put("tokenizer.ggml.model", str("gpt2"))
                .put("tokenizer.ggml.tokens", strings("<s>", "</s>", "a", "b"))
                .put("tokenizer.ggml.bos_token_id", new GgufValue.UInt32(0))
                .put("tokenizer.ggml.eos_token_id", new GgufValue.UInt32(1))
                .put("tokenizer.chat_template", str("{{ messages }}"))
                .addTensor("token_embd.weight", GgmlType.Q8_0, List.of(64L, 4L), new byte[8 * 34])
                .addTensor("output_norm.weight", GgmlType.F32, List.of(64L), new byte[256]);

        GgufModelInfo info = infoOf(writer);

        assertThat(info.architecture()).contains("llama");
        assertThat(info.name()).contains("Tiny Llama");
        assertThat(info.license()).contains("apache-2.0");
        assertThat(info.parameterCount()).isEqualTo(64 * 4 + 64);
        assertThat(info.contextLength()).hasValue(4096);
        assertThat(info.embeddingLength()).hasValue(64);
        assertThat(info.blockCount()).hasValue(2);
        assertThat(info.headCount()).hasValue(4);
        assertThat(info.headCountKv()).hasValue(2);
        assertThat(info.quantization()).contains(new GgufModelInfo.Quantization("Q4_K_M", false));
        assertThat(info.tokenizerModel()).contains("gpt2");
        assertThat(info.vocabSize()).hasValue(4);
        assertThat(info.chatTemplate()).contains("{{ messages }}");
        assertThat(info.bosTokenId()).hasValue(0);
        assertThat(info.eosTokenId()).hasValue(1);
        assertThat(info.loraAdapter()).isEmpty();
    }

    @Test
    void missingKeysAreEmpty() throws IOException {
        GgufModelInfo info = infoOf(new GgufWriter());

        assertThat(info.architecture()).isEmpty();
        assertThat(info.parameterCount()).isZero();
        assertThat(info.contextLength()).isEmpty();
        assertThat(info.quantization()).isEmpty();
        assertThat(info.vocabSize()).isEmpty();
        assertThat(info.chatTemplate()).isEmpty();
    }

    @Test
    void fileTypeNamesFollowLlamaFtype() throws IOException {
        assertThat(quantizationFor(0)).isEqualTo("F32");
        assertThat(quantizationFor(1)).isEqualTo("F16");
        assertThat(quantizationFor(2)).isEqualTo("Q4_0");
        assertThat(quantizationFor(7)).isEqualTo("Q8_0");
        assertThat(quantizationFor(17)).isEqualTo("Q5_K_M");
        assertThat(quantizationFor(18)).isEqualTo("Q6_K");
        assertThat(quantizationFor(32)).isEqualTo("BF16");
    }

    @Test
    void fileTypeIdsMatchLlamaFtypeAndSkipRemovedOnes() {
        assertThat(LlamaFileType.Q4_K_M.id()).isEqualTo(15);
        assertThat(LlamaFileType.byId(38)).contains(LlamaFileType.MXFP4_MOE);
        assertThat(LlamaFileType.byId(4)).as("removed Q4_1_SOME_F16").isEmpty();
        assertThat(LlamaFileType.byId(1024)).as("GUESSED is never stored").isEmpty();
    }

    @Test
    void unknownFileTypeFallsBackToTheTypeHoldingMostElements() throws IOException {
        GgufWriter writer = new GgufWriter()
                .put("general.file_type", new GgufValue.UInt32(5))
                .addTensor("big", GgmlType.Q4_0, List.of(64L, 2L), new byte[4 * 18])
                .addTensor("small", GgmlType.F32, List.of(64L), new byte[256]);

        assertThat(infoOf(writer).quantization()).contains(new GgufModelInfo.Quantization("Q4_0", true));
    }

    @Test
    void vocabSizeFallsBackToTheArchitectureKey() throws IOException {
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", str("qwen2"))
                .put("qwen2.vocab_size", new GgufValue.UInt64(151_936));

        assertThat(infoOf(writer).vocabSize()).hasValue(151_936);
    }

    @Test
    void loraAdapterIsRecognisedWithItsBaseArchitecture() throws IOException {
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", str("llama"))
                .put("general.type", str("adapter"))
                .put("adapter.type", str("lora"))
                .put("adapter.lora.alpha", new GgufValue.Float32(16f));

        assertThat(infoOf(writer).loraAdapter())
                .contains(new GgufModelInfo.LoraAdapter(Optional.of("llama"), OptionalDouble.of(16.0)));
    }

    @Test
    void loraAdapterBecomesAFormatNeutralAdapter() throws IOException {
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", str("llama"))
                .put("general.type", str("adapter"))
                .put("adapter.type", str("lora"))
                .put("adapter.lora.alpha", new GgufValue.Float32(16f));

        ModelMetadata metadata = infoOf(writer).toMetadata();

        assertThat(metadata.format()).isEqualTo(ModelMetadata.ModelFormat.GGUF);
        assertThat(metadata.adapter())
                .contains(new ModelMetadata.Adapter(
                        "lora",
                        Optional.empty(),
                        Optional.of("llama"),
                        OptionalLong.empty(),
                        OptionalDouble.of(16.0),
                        List.of()));
    }

    @Test
    void adapterOfAnotherKindIsNotALora() throws IOException {
        GgufWriter writer =
                new GgufWriter().put("general.type", str("adapter")).put("adapter.type", str("control_vector"));

        assertThat(infoOf(writer).loraAdapter()).isEmpty();
    }

    @Test
    void wronglyTypedKeyIsRejectedNamingTheKey() {
        GgufWriter writer =
                new GgufWriter().put("general.architecture", str("llama")).put("llama.context_length", str("4096"));

        assertThatThrownBy(() -> infoOf(writer))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("llama.context_length must be an integer");
    }

    @Test
    void negativeCountIsRejected() {
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", str("llama"))
                .put("llama.block_count", new GgufValue.Int32(-3));

        assertThatThrownBy(() -> infoOf(writer))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("llama.block_count is out of range");
    }

    @Test
    void signedIntegerCountsAreAccepted() throws IOException {
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", str("gemma2"))
                .put("gemma2.context_length", new GgufValue.Int64(8192));

        assertThat(infoOf(writer).contextLength()).isEqualTo(OptionalLong.of(8192));
    }

    private static String quantizationFor(int fileType) throws IOException {
        GgufWriter writer = new GgufWriter().put("general.file_type", new GgufValue.UInt32(fileType));
        return infoOf(writer).quantization().orElseThrow().name();
    }

    private static GgufModelInfo infoOf(GgufWriter writer) throws IOException {
        return GgufModelInfo.of(GgufReader.read(new InMemoryChannel(writer.toByteArray())));
    }

    private static GgufValue str(String value) {
        return new GgufValue.Str(value);
    }

    private static GgufValue strings(String... values) {
        List<GgufValue> elements =
                Arrays.stream(values).<GgufValue>map(GgufValue.Str::new).toList();
        return new GgufValue.Array(GgufValueType.STRING, elements);
    }
}
