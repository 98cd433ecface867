package dev.hangar.worker;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/** The routes that describe the worker rather than run the model: health, info, models and metrics. */
final class StatusRoutes {
    private final WorkerState state;
    private final WorkerOptions options;
    private final ModelHeader header;
    private final SlotScheduler slots;
    private final WorkerMetrics metrics;
    private final long startedSeconds;

    StatusRoutes(
            WorkerState state,
            WorkerOptions options,
            ModelHeader header,
            SlotScheduler slots,
            WorkerMetrics metrics,
            long startedSeconds) {
        this.state = state;
        this.options = options;
        this.header = header;
        this.slots = slots;
        this.metrics = metrics;
        this.startedSeconds = startedSeconds;
    }

    /** {@code GET /health}: 200 only while the model is loaded and the worker is not draining. */
    void health(ApiCall call) throws Exception {
        WorkerPhase phase = state.phase();
        String status = switch (phase) {
            case LOADING -> "loading";
            case READY -> "ok";
            case DRAINING -> "draining";
        };
        call.sendJson(
                phase == WorkerPhase.READY ? 200 : 503,
                call.json().createObjectNode().put("status", status));
    }

    /** {@code GET /v1/models}: the model this worker serves, then {@code MODEL:ADAPTER} for each loaded adapter. */
    void models(ApiCall call) throws Exception {
        ObjectNode body = call.json().createObjectNode().put("object", "list");
        var data = body.putArray("data");
        model(data.addObject(), options.modelName());
        for (LoadedAdapter adapter : adapters()) {
            adapterModel(data.addObject(), adapter);
        }
        call.sendJson(200, body);
    }

    /** {@code GET /v1/models/{id}}: the model or one of its adapters, or 404 for any other id. */
    void model(ApiCall call, String id) throws Exception {
        ObjectNode body = call.json().createObjectNode();
        if (id.equals(options.modelName())) {
            model(body, id);
        } else {
            LoadedAdapter adapter = adapters().stream()
                    .filter(loaded -> id.equals(options.modelName() + ":" + loaded.name()))
                    .findFirst()
                    .orElseThrow(() -> ApiError.notFound("model '" + id + "' is not served here; this worker serves '"
                            + options.modelName() + "' and its loaded adapters as '" + options.modelName()
                            + ":ADAPTER'"));
            adapterModel(body, adapter);
        }
        call.sendJson(200, body);
    }

    private List<LoadedAdapter> adapters() {
        return state.loadedEngine().map(engine -> engine.adapters().list()).orElse(List.of());
    }

    /** A LoRA adapter as a model: {@code parent} is the base it runs on, as vLLM lists adapters. */
    private void adapterModel(ObjectNode node, LoadedAdapter adapter) {
        model(node, options.modelName() + ":" + adapter.name())
                .put("parent", options.modelName())
                .put("root", adapter.file().toAbsolutePath().toString());
    }

    private ObjectNode model(ObjectNode node, String id) {
        return node.put("id", id)
                .put("object", "model")
                .put("created", startedSeconds)
                .put("owned_by", "hangar")
                .put("max_model_len", LlamaEngine.totalContext(options, header) / options.parallel());
    }

    /** {@code GET /info}: model metadata from the GGUF header, the engine arguments in effect, slots and version. */
    void info(ApiCall call) throws Exception {
        ObjectNode body = call.json()
                .createObjectNode()
                .put("version", WorkerMain.version())
                .put("status", state.phase().name().toLowerCase(Locale.ROOT));
        var info = header.info();
        ObjectNode model = body.putObject("model")
                .put("id", options.modelName())
                .put("file", options.model().toAbsolutePath().toString())
                .put("file_size", header.fileSize())
                .put("parameter_count", info.parameterCount());
        info.architecture().ifPresent(value -> model.put("architecture", value));
        info.name().ifPresent(value -> model.put("name", value));
        info.quantization().ifPresent(value -> model.put("quantization", value.name()));
        info.contextLength().ifPresent(value -> model.put("context_length", value));
        info.embeddingLength().ifPresent(value -> model.put("embedding_length", value));
        info.blockCount().ifPresent(value -> model.put("block_count", value));
        info.vocabSize().ifPresent(value -> model.put("vocab_size", value));
        info.tokenizerModel().ifPresent(value -> model.put("tokenizer", value));
        model.put("has_chat_template", info.chatTemplate().isPresent());
        int context = LlamaEngine.totalContext(options, header);
        ObjectNode engine = body.putObject("engine")
                .put("runtime", state.loadedEngine().map(LlamaEngine::runtime).orElse("llama.cpp"))
                .put("ctx_size", context)
                .put("ctx_per_slot", context / options.parallel())
                .put("parallel", options.parallel())
                .put("threads", options.threads())
                .put("batch_size", options.batchSize())
                .put("embeddings", options.embeddings())
                .put(
                        "pooling",
                        state.loadedEngine()
                                .map(loaded -> loaded.pooling().wireName())
                                .orElse(null))
                .put("queue_size", options.queueSize())
                .put("drain_seconds", options.drain().toSeconds());
        var loras = engine.putArray("lora");
        adapters()
                .forEach(lora -> loras.addObject()
                        .put("name", lora.name())
                        .put("file", lora.file().toString())
                        .put("scale", lora.scale()));
        body.putObject("slots")
                .put("total", slots.total())
                .put("busy", slots.busy())
                .put("queued", slots.queued());
        call.sendJson(200, body);
    }

    /** {@code GET /metrics}: Prometheus text format. */
    void metrics(ApiCall call) throws Exception {
        call.sendText(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(slots));
    }
}
