package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import dev.hangar.formats.gguf.GgmlType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Loads generated tiny GGUFs into llama.cpp (through java-llama.cpp's bundled native library) to prove real runtimes
 * accept them: the keys, tensor shapes, tokenizer and chat template all have to be right for this to pass.
 */
class LlamaCppRunsTinyModelsTest {
    private static final TinyModel SMALLEST = TinyModel.ofSize("100k", 42);

    @TempDir
    static Path dir;

    private static LlamaModel f16;

    @BeforeAll
    static void loadF16() throws IOException {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {});
        f16 = load(GgmlType.F16, false);
    }

    @AfterAll
    static void close() {
        f16.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = GgmlType.class,
            names = {"F16", "Q8_0", "Q4_0"})
    void generatesTokensFromAPrompt(GgmlType type) throws IOException {
        try (LlamaModel model = load(type, true)) {
            InferenceParameters prompt = new InferenceParameters("hello world")
                    .setNPredict(6)
                    .setTemperature(0f)
                    .setSeed(1);

            int generated = 0;
            for (LlamaOutput ignored : model.generate(prompt)) {
                generated++;
            }

            assertThat(generated).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void chatTemplateRendersChatMlWhoseMarkersAreSingleTokens() {
        InferenceParameters chat =
                new InferenceParameters("").setMessages("You are a test.", List.of(new Pair<>("user", "Hello there")));

        String rendered = f16.applyTemplate(chat);

        assertThat(rendered)
                .isEqualTo("<|im_start|>system\nYou are a test.<|im_end|>\n<|im_start|>user\nHello there<|im_end|>\n"
                        + "<|im_start|>assistant\n");
        int[] ids = f16.encode(rendered);
        assertThat(Arrays.stream(ids).filter(id -> id == TinyVocabulary.IM_START_ID))
                .hasSize(3);
        assertThat(Arrays.stream(ids).filter(id -> id == TinyVocabulary.EOS_ID)).hasSize(2);
    }

    @Test
    void nonAsciiTextRoundTripsThroughByteFallback() {
        String text = "héllo wörld 日本 🙂 the model";

        int[] ids = f16.encode(text);

        assertThat(Arrays.stream(ids).filter(id -> id >= 5 && id < 5 + 256))
                .as("byte tokens for the characters outside the vocabulary")
                .hasSizeGreaterThanOrEqualTo("éö日本🙂".getBytes(StandardCharsets.UTF_8).length);
        assertThat(ids).contains(tokenId("\u2581the"), tokenId("\u2581model"));
        // SentencePiece puts a space before the text; llama.cpp keeps it when decoding.
        assertThat(f16.decode(ids).strip()).isEqualTo(text);
    }

    private static LlamaModel load(GgmlType type, boolean ignoreEos) throws IOException {
        Path file = dir.resolve("tiny-" + type + ".gguf");
        SMALLEST.writeGguf(file, type);
        ModelParameters parameters = new ModelParameters()
                .setModel(file.toString())
                .setCtxSize(256)
                .setThreads(2)
                .setGpuLayers(0);
        // Random weights may pick the end token first; generation is what is under test, not when it stops.
        return new LlamaModel(ignoreEos ? parameters.ignoreEos() : parameters);
    }

    private static int tokenId(String text) {
        List<TinyToken> tokens = SMALLEST.vocabulary().tokens();
        for (int id = 0; id < tokens.size(); id++) {
            if (tokens.get(id).text().equals(text)) {
                return id;
            }
        }
        throw new IllegalArgumentException(text + " is not in the vocabulary");
    }
}
