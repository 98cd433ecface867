package dev.hangar.worker;

import de.kherud.llama.CompletionTasks;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import de.kherud.llama.args.PoolingType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One loaded model in llama.cpp's server loop (slots, continuous batching, grammars), used from platform threads:
 * every call blocks in native code, which would pin a virtual thread's carrier.
 */
public final class LlamaEngine implements AutoCloseable {
    /** llama.cpp's physical batch; an embedding input must fit in one. */
    static final int MICRO_BATCH = 512;

    private final LlamaModel model;
    private final ModelHeader header;
    private final JsonMapper json;
    private final int slotContext;

    private LlamaEngine(LlamaModel model, ModelHeader header, JsonMapper json, int slotContext) {
        this.model = model;
        this.header = header;
        this.json = json;
        this.slotContext = slotContext;
    }

    /** Loads the model; takes as long as reading the weights. */
    public static LlamaEngine load(WorkerOptions options, ModelHeader header, JsonMapper json) {
        int context = totalContext(options, header);
        ModelParameters parameters = new ModelParameters()
                .setModel(options.model().toString())
                .setCtxSize(context)
                .setParallel(options.parallel())
                .setThreads(options.threads())
                .setThreadsBatch(options.threads())
                .setBatchSize(options.batchSize())
                .setUbatchSize(Math.min(MICRO_BATCH, options.batchSize()))
                .enableContBatching()
                // llama-server's own log (load steps, and per request a slot, timing and idle line) has no level
                // filter, only a verbosity threshold; -1 silences it, warnings included, which the worker reports
                // itself where they matter (a request's error reaches its client).
                .setLogVerbosity(-1);
        if (options.embeddings()) {
            // Llama-family GGUFs declare no pooling, and the library then returns the first token's state (the same
            // BOS vector for every input); mean pooling aborts in this llama.cpp build (GGML_ASSERT in mul_mat), so
            // the last token's state, which causal attention makes depend on the whole input, is the embedding.
            parameters.enableEmbedding();
            parameters.setPoolingType(PoolingType.LAST);
        }
        for (WorkerOptions.LoraOption lora : options.loras()) {
            parameters.addLoraScaledAdapter(lora.file().toString(), lora.scale());
        }
        try {
            LlamaModel model = new LlamaModel(parameters);
            keepOnlyWarningsAndErrors();
            return new LlamaEngine(model, header, json, context / options.parallel());
        } catch (RuntimeException e) {
            // The library's exception type is package-private; its message is llama.cpp's reason.
            throw new EngineException("llama.cpp could not load " + options.model() + ": " + e.getMessage(), false);
        }
    }

    /**
     * Routes llama.cpp's core log (ggml, the model loader) through a filter that keeps warnings and errors. Loading
     * installs llama-server's own logger over any set earlier ({@code common_init} in the binding's
     * {@code loadModel}), so this runs after the load.
     */
    private static void keepOnlyWarningsAndErrors() {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            if (level == LogLevel.WARN || level == LogLevel.ERROR) {
                System.err.print("llama.cpp: " + message);
            }
        });
    }

    /** The context the worker runs with: the option, else the trained context capped at a sane default. */
    public static int totalContext(WorkerOptions options, ModelHeader header) {
        return options.ctxSize()
                .orElse(Math.min(header.trainedContext(), WorkerOptions.DEFAULT_MAX_CONTEXT) * options.parallel());
    }

    /** Tokens one request may use, prompt and output together (llama.cpp splits the context evenly across slots). */
    public int slotContext() {
        return slotContext;
    }

    /** The most tokens one embedding input may have: it has to fit a slot and one micro-batch. */
    public int embeddingTokenLimit() {
        return Math.min(slotContext, MICRO_BATCH);
    }

    /** Counts tokens exactly as llama.cpp will for a prompt: its tokenizer, plus BOS where the model adds one. */
    public int countPromptTokens(String prompt) {
        return model.encode(prompt).length + (header.addsBos() ? 1 : 0);
    }

    /** Renders chat messages (OpenAI shape, text content) through the model's own chat template. */
    public String renderChat(List<ChatMessage> messages) {
        ObjectNode request = json.createObjectNode();
        var array = request.putArray("messages");
        for (ChatMessage message : messages) {
            array.addObject().put("role", message.role()).put("content", message.content());
        }
        return model.applyTemplate(json.writeValueAsString(request));
    }

    /**
     * Generates, handing each piece of text to {@code sink} as it is decoded.
     *
     * @throws IOException from the sink, after the generation was cancelled and its slot freed
     */
    public Generation generate(GenerationRequest request, TokenSink sink) throws IOException {
        long start = System.nanoTime();
        int task = CompletionTasks.request(model, requestJson(request));
        StringBuilder text = new StringBuilder();
        int outputs = 0;
        long firstToken = 0;
        try {
            while (true) {
                LlamaOutput output = CompletionTasks.receive(model, task);
                if (CompletionTasks.isFinal(output)) {
                    break;
                }
                // One or more decoded tokens (see GenerationEnd); its text may be empty while a stop string is still
                // only partly matched.
                outputs++;
                if (firstToken == 0) {
                    firstToken = System.nanoTime();
                }
                if (!output.text.isEmpty()) {
                    text.append(output.text);
                    sink.accept(output.text);
                }
            }
        } catch (IOException | RuntimeException e) {
            CompletionTasks.cancel(model, task);
            throw e;
        }
        GenerationEnd end = GenerationEnd.of(request, outputs);
        Duration ttft = Duration.ofNanos((firstToken == 0 ? System.nanoTime() : firstToken) - start);
        return new Generation(text.toString(), end.completionTokens(), end.finishReason(), ttft);
    }

    /** A last-token-pooled, normalised embedding of {@code text}. */
    public float[] embed(String text) {
        return CompletionTasks.embed(model, text);
    }

    private String requestJson(GenerationRequest request) {
        SamplingOptions sampling = request.sampling();
        ObjectNode body = json.createObjectNode()
                .put("prompt", request.prompt())
                .put("stream", true)
                .put("cache_prompt", true)
                .put("n_predict", request.maxTokens());
        sampling.temperature().ifPresent(value -> body.put("temperature", value));
        sampling.topP().ifPresent(value -> body.put("top_p", value));
        sampling.topK().ifPresent(value -> body.put("top_k", value));
        sampling.minP().ifPresent(value -> body.put("min_p", value));
        sampling.seed().ifPresent(value -> body.put("seed", value));
        sampling.presencePenalty().ifPresent(value -> body.put("presence_penalty", value));
        sampling.frequencyPenalty().ifPresent(value -> body.put("frequency_penalty", value));
        if (!sampling.stop().isEmpty()) {
            var stop = body.putArray("stop");
            sampling.stop().forEach(stop::add);
        }
        sampling.jsonSchema().ifPresent(schema -> body.set("json_schema", schema));
        if (sampling.ignoreEos()) {
            body.put("ignore_eos", true);
        }
        return json.writeValueAsString(body);
    }

    @Override
    public void close() {
        model.close();
    }

    /** Only for /info: the header the engine was loaded from. */
    public ModelHeader header() {
        return header;
    }
}
