package dev.hangar.worker;

import dev.hangar.worker.llama.PoolingType;
import java.time.Duration;
import java.util.List;

/**
 * Turns a prompt (or chat) into a generation: counts its tokens, checks them against the per-slot context before any
 * queueing, waits for a slot and generates. Knows nothing of HTTP.
 */
public final class CompletionService {
    private final WorkerState state;
    private final SlotScheduler scheduler;
    private final WorkerMetrics metrics;

    public CompletionService(WorkerState state, SlotScheduler scheduler, WorkerMetrics metrics) {
        this.state = state;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    /** The engine when the worker serves; a 503 while it loads or drains. */
    public LlamaEngine engine() {
        return state.readyEngine().orElseThrow(() -> switch (state.phase()) {
            case LOADING -> ApiError.unavailable("the model is still loading", 1);
            default -> ApiError.unavailable("the worker is shutting down", 5);
        });
    }

    public String renderChat(List<ChatMessage> messages) {
        return engine().renderChat(messages);
    }

    /**
     * Generates a continuation of {@code prompt}, streaming text to {@code sink}.
     *
     * @throws ApiError 400 when prompt and max tokens do not fit the context; 429/503 from the slot scheduler
     */
    public Completion complete(String prompt, GenerationParameters parameters, TokenSink sink) throws Exception {
        return complete(engine().tokenize(prompt, true), false, parameters, sink);
    }

    /**
     * Generates a continuation of a prompt given as token ids, decoded exactly as given (no BOS added).
     *
     * @param scorePrompt whether the generation also returns each prompt token's logprob
     * @throws ApiError 400 naming the first id outside the model's vocabulary, or as {@link #complete(String,
     *     GenerationParameters, TokenSink)}
     */
    public Completion complete(int[] tokens, boolean scorePrompt, GenerationParameters parameters, TokenSink sink)
            throws Exception {
        LlamaEngine engine = engine();
        int vocabulary = engine.vocab().size();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocabulary) {
                throw ApiError.badRequest(
                        "'prompt[" + i + "]' is " + tokens[i] + ", not a token id of this model (0 to "
                                + (vocabulary - 1) + ")",
                        "prompt");
            }
        }
        int promptTokens = tokens.length;
        if (promptTokens == 0) {
            throw ApiError.badRequest("the prompt is empty", "prompt");
        }
        int context = engine.slotContext();
        if (promptTokens >= context) {
            throw ApiError.contextExceeded("the prompt has " + promptTokens + " tokens, but this worker's context is "
                    + context + " tokens per request, which leaves no room for an answer");
        }
        int maxTokens;
        if (parameters.maxTokens().isPresent()) {
            maxTokens = parameters.maxTokens().getAsInt();
            if ((long) promptTokens + maxTokens > context) {
                throw ApiError.contextExceeded("the prompt (" + promptTokens + " tokens) plus max_tokens (" + maxTokens
                        + ") is " + ((long) promptTokens + maxTokens) + " tokens, more than this worker's context of "
                        + context + " tokens per request");
            }
        } else {
            maxTokens = context - promptTokens;
        }
        // Held from before the slot wait, so an adapter a queued request chose is not unloaded under it.
        try (AdapterRegistry.Lease adapters = engine.adapters().lease(parameters.adapters())) {
            GenerationRequest request = new GenerationRequest(
                    tokens, maxTokens, parameters.topLogprobs(), parameters.sampling(), scorePrompt, adapters.set());
            long start = System.nanoTime();
            Generation generation = scheduler.run(() -> engine.generate(request, sink));
            metrics.generated(promptTokens, generation, Duration.ofNanos(System.nanoTime() - start));
            metrics.adapterUsed(adapters.set(), promptTokens, generation.completionTokens());
            return new Completion(promptTokens, generation);
        }
    }

    /** Embeds each input in a slot; returns the vectors in input order and the prompt tokens they used. */
    public Embeddings embed(List<String> inputs) throws Exception {
        LlamaEngine engine = engine();
        if (engine.pooling() == PoolingType.RANK) {
            throw ApiError.badRequest(
                    "this model is a reranker (rank pooling): it scores query and document pairs at /v1/rerank"
                            + " instead of embedding",
                    null);
        }
        int[][] tokenized = new int[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            tokenized[i] = engine.tokenize(inputs.get(i), true);
        }
        return embed(engine, tokenized, "input", "input ");
    }

    /**
     * Scores each document against the query with the model's classification head (rank pooling), in document order.
     *
     * @throws ApiError 400 when the model does not rank
     */
    public Ranking rank(String query, List<String> documents) throws Exception {
        LlamaEngine engine = engine();
        if (engine.pooling() != PoolingType.RANK) {
            throw ApiError.badRequest(
                    "this model does not rank: /v1/rerank needs a reranker, a model with a classification head and"
                            + " rank pooling (from its file, or the worker's --pooling rank); this worker pools "
                            + engine.pooling().wireName() + " embeddings",
                    null);
        }
        int[][] tokenized = new int[documents.size()][];
        for (int i = 0; i < documents.size(); i++) {
            tokenized[i] = engine.rerankInput(query, documents.get(i));
        }
        Embeddings outputs = embed(engine, tokenized, "documents", "the query with document ");
        double[] scores =
                outputs.vectors().stream().mapToDouble(head -> head[0]).toArray();
        return new Ranking(scores, outputs.promptTokens());
    }

    private Embeddings embed(LlamaEngine engine, int[][] tokenized, String field, String what) throws Exception {
        int limit = engine.embeddingTokenLimit();
        int tokens = 0;
        for (int i = 0; i < tokenized.length; i++) {
            int count = tokenized[i].length;
            if (count == 0) {
                throw ApiError.badRequest(what + i + " is empty", field);
            }
            if (count > limit) {
                throw ApiError.contextExceeded(what + i + " has " + count + " tokens; this worker reads at most "
                        + limit + " tokens per input");
            }
            tokens += count;
        }
        List<float[]> vectors = scheduler.run(() -> engine.embed(tokenized));
        metrics.embedded(tokens);
        return new Embeddings(vectors, tokens);
    }

    /** Each document's relevance score in document order (the head's first label's score), and the tokens read. */
    public record Ranking(double[] scores, int promptTokens) {}

    /** Embedding vectors in input order, and the tokens they took. */
    public record Embeddings(List<float[]> vectors, int promptTokens) {}
}
