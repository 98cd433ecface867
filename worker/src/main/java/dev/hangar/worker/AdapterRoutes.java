package dev.hangar.worker;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /adapters}, {@code POST /adapters} and {@code DELETE /adapters/{name}}: the LoRA adapters loaded for the
 * model, loaded and unloaded while the worker serves. Requests choose them by {@code model} ({@code BASE:NAME}) or
 * {@code lora}.
 */
final class AdapterRoutes {
    private final CompletionService completions;

    AdapterRoutes(CompletionService completions) {
        this.completions = completions;
    }

    /** {@code GET /adapters}: {@code {"data": [{id, name, model, path, scale}]}}. */
    void list(ApiCall call) throws Exception {
        LlamaEngine engine = completions.engine();
        ObjectNode body = call.json().createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        engine.adapters().list().forEach(adapter -> describe(data.addObject(), adapter, engine));
        call.sendJson(200, body);
    }

    /**
     * {@code POST /adapters} with {@code {name, path, scale?}}: 201 with the adapter; 400 with llama.cpp's reason when
     * the file is not a LoRA adapter for this model (the worker keeps serving); 409 when the name is taken.
     */
    void load(ApiCall call) throws Exception {
        RequestBody body = call.readJson();
        String name = AdapterName.checked(
                body.string("name").orElseThrow(() -> ApiError.badRequest("'name' is required", "name")), "name");
        String location = body.string("path").orElseThrow(() -> ApiError.badRequest("'path' is required", "path"));
        float scale = (float) body.number("scale", -AdapterChoice.MAX_SCALE, AdapterChoice.MAX_SCALE)
                .orElse(1);
        Path file;
        try {
            file = Path.of(location);
        } catch (InvalidPathException e) {
            throw ApiError.badRequest("'path' is not a file path: " + e.getMessage(), "path");
        }
        if (!Files.isRegularFile(file)) {
            throw ApiError.badRequest("'path': no such file " + file, "path");
        }
        LlamaEngine engine = completions.engine();
        LoadedAdapter adapter = engine.loadAdapter(name, file, scale);
        call.sendJson(201, describe(call.json().createObjectNode(), adapter, engine));
    }

    /** {@code DELETE /adapters/{name}}: 200 once freed; 404 when none has the name; 409 while requests use it. */
    void unload(ApiCall call, String name) throws Exception {
        LlamaEngine engine = completions.engine();
        LoadedAdapter adapter = engine.unloadAdapter(name);
        call.sendJson(
                200, describe(call.json().createObjectNode(), adapter, engine).put("deleted", true));
    }

    private static ObjectNode describe(ObjectNode node, LoadedAdapter adapter, LlamaEngine engine) {
        return node.put("id", adapter.id())
                .put("name", adapter.name())
                .put("model", engine.adapters().baseName() + ":" + adapter.name())
                .put("path", adapter.file().toAbsolutePath().toString())
                .put("scale", adapter.scale());
    }
}
