package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.formats.tiny.TinyVocabulary;
import java.io.IOException;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM binding against the real llama.cpp libraries and a tiny random-weight model. */
class LlamaBindingTest {
    @TempDir
    static Path dir;

    static LlamaLibrary library;
    static LlamaModel model;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(file, GgmlType.F32);
        library = LlamaLibrary.loadConfigured();
        model = LlamaModel.load(library, file);
    }

    @AfterAll
    static void free() {
        model.close();
    }

    static LlamaContext context(int sequences, boolean embeddings, PoolingType pooling) {
        return LlamaContext.create(model, new ContextSettings(256, 256, 256, sequences, 1, embeddings, pooling));
    }

    @Test
    void tokenizingAddsBosAndDetokenizingGivesTheTextBack() {
        LlamaVocab vocab = model.vocab();
        String text = "the cat said hello, world!";
        int[] tokens = vocab.tokenize(text, true, false);
        assertThat(tokens[0]).isEqualTo(TinyVocabulary.BOS_ID);
        assertThat(vocab.addsBos()).isTrue();
        // SentencePiece tokenizes with a space prefix, which stays on the way back.
        assertThat(vocab.detokenize(tokens)).isEqualTo(" " + text);
        StringBuilder pieces = new StringBuilder();
        for (int i = 1; i < tokens.length; i++) {
            pieces.append(new String(vocab.piece(tokens[i]), StandardCharsets.UTF_8));
        }
        assertThat(pieces.toString().strip()).isEqualTo(text);
        assertThat(vocab.isEndOfGeneration(TinyVocabulary.EOS_ID)).isTrue();
        assertThat(vocab.isEndOfGeneration(tokens[1])).isFalse();
    }

    @Test
    void specialTokenTextIsOneTokenOnlyWhenParsedAsSpecial() {
        LlamaVocab vocab = model.vocab();
        assertThat(vocab.tokenize(TinyVocabulary.IM_END, false, true)).containsExactly(TinyVocabulary.EOS_ID);
        assertThat(vocab.tokenize(TinyVocabulary.IM_END, false, false).length).isGreaterThan(1);
    }

    @Test
    void greedySamplingPicksTheLargestLogitOfTheDecodedPrompt() {
        int[] prompt = model.vocab().tokenize("once upon a time", true, false);
        try (LlamaContext context = context(1, false, PoolingType.UNSPECIFIED);
                LlamaBatch batch = LlamaBatch.allocate(library, 64);
                SamplerChain greedy = SamplerChain.create(library).greedy()) {
            int last = -1;
            for (int i = 0; i < prompt.length; i++) {
                last = batch.add(prompt[i], i, 0, i == prompt.length - 1);
            }
            for (int step = 0; step < 8; step++) {
                context.decode(batch);
                assertThat(context.memory().lastPosition(0)).isEqualTo(prompt.length - 1 + step);
                int token = greedy.sample(context, last);
                assertThat(token).isEqualTo(argmax(context.logits(last)));
                batch.clear();
                last = batch.add(token, prompt.length + step, 0, true);
            }
            context.memory().removeSequence(0);
            assertThat(context.memory().lastPosition(0)).isEqualTo(-1);
        }
    }

    @Test
    void theContextsOwnThreadPoolComputesOnTwoThreadsWhatOneThreadComputes() {
        int[] prompt = model.vocab().tokenize("once upon a time there was", true, false);
        float[] oneThread;
        try (LlamaContext context = context(1, false, PoolingType.UNSPECIFIED);
                LlamaBatch batch = LlamaBatch.allocate(library, 64)) {
            oneThread = decodeAlone(context, batch, prompt);
        }
        LlamaFunctions f = library.functions();
        try (LlamaContext context = LlamaContext.create(
                        model, new ContextSettings(256, 256, 256, 1, 2, false, PoolingType.UNSPECIFIED));
                LlamaBatch batch = LlamaBatch.allocate(library, 64)) {
            // past the per-decode choice (which starts on one thread): both of the pool's threads, three times
            for (int round = 0; round < 3; round++) {
                batch.clear();
                int last = -1;
                for (int i = 0; i < prompt.length; i++) {
                    last = batch.add(prompt[i], i, 0, i == prompt.length - 1);
                }
                f.setNThreads(context.handle(), 2, 2);
                assertThat(f.decode(context.handle(), batch.struct())).isZero();
                assertThat(context.logits(last).toArray(JAVA_FLOAT)).containsExactly(oneThread);
                context.memory().removeSequence(0);
            }
        }
    }

    @Test
    void twoSequencesInOneBatchGetTheLogitsEachGetsAlone() {
        int[] first = model.vocab().tokenize("hello there", true, false);
        int[] second = model.vocab().tokenize("what is this", true, false);
        float[] aloneFirst;
        float[] aloneSecond;
        try (LlamaContext context = context(2, false, PoolingType.UNSPECIFIED);
                LlamaBatch batch = LlamaBatch.allocate(library, 64)) {
            aloneFirst = decodeAlone(context, batch, first);
            aloneSecond = decodeAlone(context, batch, second);
            batch.clear();
            int a = -1;
            int b = -1;
            for (int i = 0; i < first.length; i++) {
                a = batch.add(first[i], i, 0, i == first.length - 1);
            }
            for (int i = 0; i < second.length; i++) {
                b = batch.add(second[i], i, 1, i == second.length - 1);
            }
            context.decode(batch);
            assertClose(context.logits(a).toArray(JAVA_FLOAT), aloneFirst, 1e-3f);
            assertClose(context.logits(b).toArray(JAVA_FLOAT), aloneSecond, 1e-3f);
            context.memory().copy(0, 1, -1, -1);
            assertThat(context.memory().lastPosition(1)).isEqualTo(Math.max(first.length, second.length) - 1);
            context.memory().keepOnly(0);
            assertThat(context.memory().lastPosition(1)).isEqualTo(-1);
            assertThat(context.memory().lastPosition(0)).isEqualTo(first.length - 1);
        }
    }

    @Test
    void meanPoolingIsTheMeanOfTheTokenEmbeddings() {
        int[] prompt = model.vocab().tokenize("the quick brown fox", true, false);
        int width = model.embeddingLength();
        float[] mean = new float[width];
        try (LlamaContext context = context(1, true, PoolingType.NONE);
                LlamaBatch batch = LlamaBatch.allocate(library, 64)) {
            assertThat(context.pooling()).isEqualTo(PoolingType.NONE);
            for (int i = 0; i < prompt.length; i++) {
                batch.add(prompt[i], i, 0, true);
            }
            context.decode(batch);
            for (int i = 0; i < prompt.length; i++) {
                float[] token = context.tokenEmbedding(i);
                for (int d = 0; d < width; d++) {
                    mean[d] += token[d] / prompt.length;
                }
            }
        }
        try (LlamaContext context = context(1, true, PoolingType.MEAN);
                LlamaBatch batch = LlamaBatch.allocate(library, 64)) {
            assertThat(context.pooling()).isEqualTo(PoolingType.MEAN);
            for (int i = 0; i < prompt.length; i++) {
                batch.add(prompt[i], i, 0, true);
            }
            context.decode(batch);
            assertClose(context.sequenceEmbedding(0), mean, 1e-4f);
        }
    }

    @Test
    void aGrammarConfinesTheOutputAndABadOneIsRejectedWithLlamaCppsReason() {
        String grammar = "root ::= (\"yes\" | \"no\") \" please\"";
        int[] prompt = model.vocab().tokenize("answer me", true, false);
        StringBuilder text = new StringBuilder();
        try (LlamaContext context = context(1, false, PoolingType.UNSPECIFIED);
                LlamaBatch batch = LlamaBatch.allocate(library, 64);
                SamplerChain chain = SamplerChain.create(library)
                        .grammar(model.vocab(), grammar)
                        .greedy()) {
            int index = -1;
            for (int i = 0; i < prompt.length; i++) {
                index = batch.add(prompt[i], i, 0, i == prompt.length - 1);
            }
            for (int position = prompt.length; position < prompt.length + 32; position++) {
                context.decode(batch);
                int token = chain.sample(context, index);
                if (model.vocab().isEndOfGeneration(token)) {
                    break;
                }
                text.append(new String(model.vocab().piece(token), StandardCharsets.UTF_8));
                batch.clear();
                index = batch.add(token, position, 0, true);
            }
        }
        assertThat(text.toString()).isIn("yes please", "no please");
        assertThatThrownBy(() -> SamplerChain.create(library).grammar(model.vocab(), "root ::= (\"unclosed\""))
                .isInstanceOf(LlamaException.class)
                .hasMessageContaining("rejected the grammar: ");
    }

    @Test
    void theChatTemplateRendersChatMl() {
        ChatTemplate template = ChatTemplate.of(model);
        String prompt = template.apply(
                List.of(new ChatTemplate.Message("system", "be brief"), new ChatTemplate.Message("user", "hi")));
        assertThat(prompt)
                .isEqualTo("<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void closingEveryHandleTwiceFreesItOnce() throws Exception {
        LlamaModel second = LlamaModel.load(library, dir.resolve("tiny.gguf"));
        LlamaContext context =
                LlamaContext.create(second, new ContextSettings(64, 64, 64, 1, 1, false, PoolingType.UNSPECIFIED));
        LlamaBatch batch = LlamaBatch.allocate(library, 8);
        SamplerChain chain = SamplerChain.create(library).greedy();

        // A second free of any of these aborts the process (the C library's double-free check) or corrupts its heap.
        for (AutoCloseable handle : List.of(chain, batch, context, second)) {
            handle.close();
            handle.close();
        }

        try (LlamaContext fresh = context(1, false, PoolingType.UNSPECIFIED);
                LlamaBatch one = LlamaBatch.allocate(library, 8)) {
            int last = one.add(TinyVocabulary.BOS_ID, 0, 0, true);
            fresh.decode(one);
            float[] logits = fresh.logits(last).toArray(JAVA_FLOAT);
            assertThat(logits).hasSize(model.vocab().size());
            for (float logit : logits) {
                assertThat(Float.isFinite(logit)).isTrue();
            }
        }
    }

    @Test
    void aFileThatIsNotALoraAdapterFailsWithLlamaCppsReason() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken-lora.gguf"), "not a gguf file");
        assertThatThrownBy(() -> LoraAdapter.load(model, broken))
                .isInstanceOf(LlamaException.class)
                .hasMessageContaining("could not load the LoRA adapter " + broken);
    }

    @Test
    void aModelFileThatDoesNotLoadFailsWithLlamaCppsReason() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.gguf"), "GGUF but not really");
        assertThatThrownBy(() -> LlamaModel.load(library, broken))
                .isInstanceOf(LlamaException.class)
                .hasMessageStartingWith("llama.cpp could not load " + broken + ": ");
    }

    @Test
    void everyMissingFunctionIsNamedAtOnce() {
        SymbolBinder binder = new SymbolBinder(List.of(Linker.nativeLinker().defaultLookup()));
        new LlamaFunctions(binder);
        assertThat(binder.missing())
                .contains("llama_decode", "llama_set_adapters_lora", "ggml_backend_load_all_from_path")
                .allMatch(name -> name.startsWith("llama_") || name.startsWith("ggml_"));
        assertThat(library.version()).isNotBlank();
    }

    private static float[] decodeAlone(LlamaContext context, LlamaBatch batch, int[] prompt) {
        batch.clear();
        int last = -1;
        for (int i = 0; i < prompt.length; i++) {
            last = batch.add(prompt[i], i, 0, i == prompt.length - 1);
        }
        context.decode(batch);
        float[] logits = context.logits(last).toArray(JAVA_FLOAT);
        context.memory().removeSequence(0);
        return logits;
    }

    private static int argmax(MemorySegment logits) {
        float[] values = logits.toArray(JAVA_FLOAT);
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        List<String> off = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > tolerance) {
                off.add(i + ": " + actual[i] + " vs " + expected[i]);
            }
        }
        assertThat(off).isEmpty();
    }
}
