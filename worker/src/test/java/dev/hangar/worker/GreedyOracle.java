package dev.hangar.worker;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.hangar.worker.llama.ContextSettings;
import dev.hangar.worker.llama.LlamaBatch;
import dev.hangar.worker.llama.LlamaContext;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.LlamaModel;
import dev.hangar.worker.llama.LoraAdapter;
import dev.hangar.worker.llama.PoolingType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test's own greedy decoder: one sequence, llama.cpp's logits read through the binding, the largest one taken,
 * no batching, no sampler chain and no stop logic. What the worker serves is checked against what this computes.
 */
final class GreedyOracle implements AutoCloseable {
    private final LlamaModel model;
    private final LlamaContext context;
    private final LlamaBatch batch;
    private final List<LoraAdapter> adapters = new ArrayList<>();

    private GreedyOracle(LlamaModel model, LlamaContext context, LlamaBatch batch) {
        this.model = model;
        this.context = context;
        this.batch = batch;
    }

    static GreedyOracle open(Path file) {
        LlamaLibrary library = LlamaLibrary.loadConfigured();
        LlamaModel model = LlamaModel.load(library, file);
        LlamaContext context =
                LlamaContext.create(model, new ContextSettings(1024, 512, 512, 1, 1, false, PoolingType.NONE));
        return new GreedyOracle(model, context, LlamaBatch.allocate(library, 512));
    }

    /** Decodes from now on with the LoRA adapter in {@code file} at {@code scale} applied (llama.cpp's own merge). */
    void useAdapter(Path file, float scale) {
        LoraAdapter adapter = LoraAdapter.load(model, file);
        adapters.add(adapter);
        context.useAdapters(List.of(adapter), new float[] {scale});
    }

    /** Decodes from now on with the base model alone. */
    void useBase() {
        context.useAdapters(List.of(), new float[0]);
    }

    /** The prompt's tokens as llama.cpp decodes them (BOS added, special-token text parsed). */
    int[] promptTokens(String prompt) {
        return model.vocab().tokenize(prompt, true, true);
    }

    /** The greedy continuation: up to {@code limit} tokens, the first end-of-generation token included. */
    Continuation greedy(String prompt, int limit) {
        return greedy(prompt, limit, Map.of());
    }

    /** The greedy continuation with {@code bias} (token id to bias) added to the logits first. */
    Continuation greedy(String prompt, int limit, Map<Integer, Float> bias) {
        int[] tokens = promptTokens(prompt);
        batch.clear();
        int last = -1;
        for (int i = 0; i < tokens.length; i++) {
            last = batch.add(tokens[i], i, 0, i == tokens.length - 1);
        }
        List<Integer> generated = new ArrayList<>();
        List<byte[]> pieces = new ArrayList<>();
        List<Double> logprobs = new ArrayList<>();
        boolean ended = false;
        for (int step = 0; step < limit; step++) {
            context.decode(batch);
            float[] logits = context.logits(last).toArray(JAVA_FLOAT);
            bias.forEach((id, value) -> logits[id] += value);
            int token = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[token]) {
                    token = i;
                }
            }
            generated.add(token);
            double total = 0;
            for (float logit : logits) {
                total += Math.exp((double) logit - logits[token]);
            }
            // log-softmax of the chosen (largest) logit: -log(sum of exp(logit - chosen)).
            logprobs.add(-Math.log(total));
            if (model.vocab().isEndOfGeneration(token)) {
                ended = true;
                pieces.add(new byte[0]);
                break;
            }
            pieces.add(model.vocab().piece(token));
            batch.clear();
            last = batch.add(token, tokens.length + step, 0, true);
        }
        context.memory().removeSequence(0);
        return new Continuation(tokens.length, generated, pieces, logprobs, ended);
    }

    /**
     * Each prompt token's log-probability given the tokens before it (the first has none: NaN), from one decode that
     * outputs the logits of every position.
     */
    double[] promptLogprobs(int[] tokens) {
        batch.clear();
        for (int i = 0; i < tokens.length; i++) {
            batch.add(tokens[i], i, 0, true);
        }
        context.decode(batch);
        double[] logprobs = new double[tokens.length];
        logprobs[0] = Double.NaN;
        for (int i = 1; i < tokens.length; i++) {
            float[] logits = context.logits(i - 1).toArray(JAVA_FLOAT);
            double max = Double.NEGATIVE_INFINITY;
            for (float logit : logits) {
                max = Math.max(max, logit);
            }
            double total = 0;
            for (float logit : logits) {
                total += Math.exp(logit - max);
            }
            logprobs[i] = logits[tokens[i]] - max - Math.log(total);
        }
        context.memory().removeSequence(0);
        return logprobs;
    }

    /** A greedy continuation: its tokens, their pieces and log-probabilities, and whether it ended with an end-of-generation token. */
    record Continuation(
            int promptTokens, List<Integer> tokens, List<byte[]> pieces, List<Double> logprobs, boolean ended) {
        /** The text of the first {@code count} tokens. */
        String text(int count) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                bytes.writeBytes(pieces.get(i));
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        String piece(int index) {
            return new String(pieces.get(index), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        batch.close();
        context.close();
        adapters.forEach(LoraAdapter::close);
        model.close();
    }
}
