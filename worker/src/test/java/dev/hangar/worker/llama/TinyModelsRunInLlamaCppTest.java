package dev.hangar.worker.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.formats.tiny.TinyToken;
import dev.hangar.formats.tiny.TinyVocabulary;
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
 * Generated tiny GGUFs load and generate in llama.cpp (the worker's own build, through the binding): the keys, tensor
 * shapes, tokenizer and chat template all have to be right for this to pass.
 */
class TinyModelsRunInLlamaCppTest {
    private static final TinyModel SMALLEST = TinyModel.ofSize("100k", 42);

    @TempDir
    static Path dir;

    static LlamaLibrary library;
    static LlamaModel f16;

    @BeforeAll
    static void load() throws IOException {
        library = LlamaLibrary.loadConfigured();
        f16 = load(GgmlType.F16);
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
        try (LlamaModel model = load(type);
                LlamaContext context =
                        LlamaContext.create(model, new ContextSettings(256, 64, 64, 1, 1, false, PoolingType.NONE));
                LlamaBatch batch = LlamaBatch.allocate(library, 64);
                SamplerChain greedy = SamplerChain.create(library).greedy()) {
            int[] prompt = model.vocab().tokenize("hello world", true, false);
            int last = -1;
            for (int i = 0; i < prompt.length; i++) {
                last = batch.add(prompt[i], i, 0, i == prompt.length - 1);
            }
            int generated = 0;
            for (int position = prompt.length; generated < 6; position++) {
                context.decode(batch);
                int token = greedy.sample(context, last);
                assertThat(token).isBetween(0, model.vocab().size() - 1);
                generated++;
                batch.clear();
                last = batch.add(token, position, 0, true);
            }
            assertThat(context.memory().lastPosition(0)).isEqualTo(prompt.length + generated - 2);
        }
    }

    @Test
    void chatTemplateRendersChatMlWhoseMarkersAreSingleTokens() {
        String rendered = ChatTemplate.of(f16)
                .apply(List.of(
                        new ChatTemplate.Message("system", "You are a test."),
                        new ChatTemplate.Message("user", "Hello there")));

        assertThat(rendered)
                .isEqualTo("<|im_start|>system\nYou are a test.<|im_end|>\n<|im_start|>user\nHello there<|im_end|>\n"
                        + "<|im_start|>assistant\n");
        int[] ids = f16.vocab().tokenize(rendered, false, true);
        assertThat(Arrays.stream(ids).filter(id -> id == TinyVocabulary.IM_START_ID))
                .hasSize(3);
        assertThat(Arrays.stream(ids).filter(id -> id == TinyVocabulary.EOS_ID)).hasSize(2);
    }

    @Test
    void nonAsciiTextRoundTripsThroughByteFallback() {
        String text = "héllo wörld 日本 🙂 the model";

        int[] ids = f16.vocab().tokenize(text, false, false);

        assertThat(Arrays.stream(ids).filter(id -> id >= 5 && id < 5 + 256))
                .as("byte tokens for the characters outside the vocabulary")
                .hasSizeGreaterThanOrEqualTo("éö日本🙂".getBytes(StandardCharsets.UTF_8).length);
        assertThat(ids).contains(tokenId("\u2581the"), tokenId("\u2581model"));
        // SentencePiece puts a space before the text; llama.cpp keeps it when decoding.
        assertThat(f16.vocab().detokenize(ids).strip()).isEqualTo(text);
    }

    private static LlamaModel load(GgmlType type) throws IOException {
        Path file = dir.resolve("tiny-" + type + ".gguf");
        SMALLEST.writeGguf(file, type);
        return LlamaModel.load(library, file);
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
