package dev.hangar.worker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/embeddings}: last-token-pooled, normalised vectors, as floats or as base64 of little-endian float32 (which
 * openai-python asks for by default).
 */
final class EmbeddingsRoute implements Route {
    /** Inputs per request; each takes a turn in a slot. */
    static final int MAX_INPUTS = 256;

    private final CompletionService completions;
    private final String modelName;
    private final boolean enabled;

    EmbeddingsRoute(CompletionService completions, String modelName, boolean enabled) {
        this.completions = completions;
        this.modelName = modelName;
        this.enabled = enabled;
    }

    @Override
    public void handle(ApiCall call) throws Exception {
        if (!enabled) {
            throw ApiError.notFound("embeddings are turned off on this worker (it was started with --no-embeddings)");
        }
        RequestBody body = call.readJson();
        List<String> inputs = inputs(body);
        String format = body.string("encoding_format").orElse("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw ApiError.badRequest("'encoding_format' must be float or base64", "encoding_format");
        }
        if (body.field("dimensions").isPresent()) {
            throw ApiError.badRequest(
                    "'dimensions' is not supported: this model's vectors cannot be shortened", "dimensions");
        }
        CompletionService.Embeddings embeddings = completions.embed(inputs);
        call.recordUsage(embeddings.promptTokens(), 0, null);
        ObjectNode response = call.json().createObjectNode().put("object", "list");
        ArrayNode data = response.putArray("data");
        for (int i = 0; i < embeddings.vectors().size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            float[] vector = embeddings.vectors().get(i);
            if (format.equals("base64")) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
        }
        response.put("model", modelName);
        response.putObject("usage")
                .put("prompt_tokens", embeddings.promptTokens())
                .put("total_tokens", embeddings.promptTokens());
        call.sendJson(200, response);
    }

    private static List<String> inputs(RequestBody body) {
        JsonNode input = body.field("input").orElseThrow(() -> ApiError.badRequest("'input' is required", "input"));
        if (input.isString()) {
            return List.of(input.stringValue());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw ApiError.badRequest("'input' must be a string or a non-empty list of strings", "input");
        }
        if (input.size() > MAX_INPUTS) {
            throw ApiError.badRequest("'input' holds at most " + MAX_INPUTS + " strings", "input");
        }
        List<String> inputs = new ArrayList<>();
        for (JsonNode item : input) {
            if (!item.isString()) {
                throw ApiError.badRequest(
                        "'input' must be a string or a list of strings (token ids are not supported)", "input");
            }
            inputs.add(item.stringValue());
        }
        return inputs;
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
