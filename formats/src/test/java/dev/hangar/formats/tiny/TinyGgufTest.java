package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufFile;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufTensorInfo;
import dev.hangar.formats.gguf.GgufValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TinyGgufTest {
    private static final TinyModel SMALLEST = TinyModel.ofSize("100k", 42);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = GgmlType.class,
            names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void writtenGgufReadsBackAsTheRequestedLlama(GgmlType type) throws IOException {
        Path file = dir.resolve("tiny.gguf");
        SMALLEST.writeGguf(file, type);

        GgufFile gguf = GgufReader.read(file);
        GgufModelInfo info = GgufModelInfo.of(gguf);

        assertThat(info.architecture()).contains("llama");
        assertThat(info.parameterCount())
                .isEqualTo(gguf.tensors().stream()
                        .mapToLong(GgufTensorInfo::elementCount)
                        .sum())
                .isEqualTo(SMALLEST.shape().parameterCount());
        assertThat((double) info.parameterCount()).isCloseTo(100_000, within(20_000.0));
        assertThat(info.quantization()).contains(new GgufModelInfo.Quantization(type.name(), false));
        assertThat(info.vocabSize()).hasValue(TinyVocabulary.standard().size());
        assertThat(info.chatTemplate()).contains(TinyVocabulary.CHAT_TEMPLATE);
        assertThat(info.bosTokenId()).hasValue(TinyVocabulary.BOS_ID);
        assertThat(info.eosTokenId()).hasValue(TinyVocabulary.EOS_ID);
        assertThat(info.tokenizerModel()).contains("llama");
        assertThat(info.embeddingLength()).hasValue(SMALLEST.shape().hidden());
        assertThat(info.blockCount()).hasValue(SMALLEST.shape().layers());
        assertThat(info.headCountKv()).hasValue(SMALLEST.shape().kvHeads());
    }

    @Test
    void everyKeyAndTensorLlamaCppsLlamaArchitectureReadsIsPresent() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        SMALLEST.writeGguf(file, GgmlType.Q8_0);

        GgufFile gguf = GgufReader.read(file);

        assertThat(gguf.metadata())
                .containsKeys(
                        "general.architecture",
                        "general.type",
                        "general.name",
                        "general.file_type",
                        "llama.context_length",
                        "llama.embedding_length",
                        "llama.block_count",
                        "llama.feed_forward_length",
                        "llama.attention.head_count",
                        "llama.attention.head_count_kv",
                        "llama.rope.dimension_count",
                        "llama.attention.layer_norm_rms_epsilon",
                        "llama.vocab_size",
                        "tokenizer.ggml.tokens",
                        "tokenizer.ggml.scores",
                        "tokenizer.ggml.token_type",
                        "tokenizer.ggml.add_bos_token");
        Map<String, GgufTensorInfo> tensors =
                gguf.tensors().stream().collect(Collectors.toMap(GgufTensorInfo::name, Function.identity()));
        int hidden = SMALLEST.shape().hidden();
        int vocab = SMALLEST.shape().vocabSize();
        int ffn = SMALLEST.shape().feedForward();
        int kv = SMALLEST.shape().kvWidth();
        assertThat(tensors.get("token_embd.weight").dimensions()).containsExactly((long) hidden, (long) vocab);
        assertThat(tensors.get("output.weight").dimensions()).containsExactly((long) hidden, (long) vocab);
        assertThat(tensors.get("output_norm.weight").dimensions()).containsExactly((long) hidden);
        int last = SMALLEST.shape().layers() - 1;
        assertThat(tensors.get("blk." + last + ".attn_k.weight").dimensions())
                .containsExactly((long) hidden, (long) kv);
        assertThat(tensors.get("blk." + last + ".ffn_down.weight").dimensions())
                .containsExactly((long) ffn, (long) hidden);
        assertThat(tensors)
                .containsKeys(
                        "blk.0.attn_norm.weight",
                        "blk.0.attn_q.weight",
                        "blk.0.attn_v.weight",
                        "blk.0.attn_output.weight",
                        "blk.0.ffn_norm.weight",
                        "blk.0.ffn_gate.weight",
                        "blk.0.ffn_up.weight");
        assertThat(tensors).hasSize(2 + 9 * SMALLEST.shape().layers() + 1);
    }

    @Test
    void normsStayF32WhileMatricesTakeTheChosenType() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        SMALLEST.writeGguf(file, GgmlType.Q4_0);

        List<GgufTensorInfo> tensors = GgufReader.read(file).tensors();

        assertThat(tensors)
                .allSatisfy(tensor -> assertThat(tensor.type())
                        .isEqualTo(tensor.name().contains("norm") ? GgmlType.F32 : GgmlType.Q4_0));
    }

    @Test
    void descriptionSaysTheWeightsAreRandomAndForTests() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        SMALLEST.writeGguf(file, GgmlType.F16);

        GgufValue description = GgufReader.read(file).metadata().get("general.description");

        assertThat(description)
                .isInstanceOfSatisfying(
                        GgufValue.Str.class, text -> assertThat(text.value()).contains("Random weights", "for tests"));
    }

    @Test
    void sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
        Path first = dir.resolve("first.gguf");
        Path second = dir.resolve("second.gguf");
        Path otherSeed = dir.resolve("other.gguf");
        SMALLEST.writeGguf(first, GgmlType.Q8_0);
        TinyModel.ofSize("100k", 42).writeGguf(second, GgmlType.Q8_0);
        TinyModel.ofSize("100k", 43).writeGguf(otherSeed, GgmlType.Q8_0);

        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
        assertThat(Files.mismatch(first, otherSeed)).isNotEqualTo(-1);
    }

    @Test
    void typesLlamaCppCannotGetFromThisMakerAreRefused() {
        assertThatThrownBy(() -> SMALLEST.writeGguf(dir.resolve("tiny.gguf"), GgmlType.Q4_K))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("F32, F16, BF16, Q8_0 or Q4_0");
    }
}
