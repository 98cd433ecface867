package dev.hangar.server.gateway;

import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The little of an OpenAI request body that routing needs, checked at the edge so that a bad
 * request is a 400 naming its {@code param} rather than a replica's error. The replica gets the
 * original bytes, so fields the gateway does not know pass through untouched.
 *
 * @param model the endpoint's name
 */
record RoutedRequest(InferenceKind kind, String model, byte[] body) {

    static RoutedRequest parse(InferenceKind kind, byte[] body, JsonMapper json) {
        JsonNode root = readObject(kind, body, json);
        JsonNode model = root.path("model");
        if (!model.isString() || model.asString().isBlank()) {
            throw ApiException.invalidField(
                    "model", "is required: the name of an endpoint, as GET /v1/models lists them");
        }
        JsonNode required = root.path(kind.requiredField());
        if (required.isMissingNode() || !kind.accepts(required)) {
            throw ApiException.invalidField(kind.requiredField(), kind.requirement());
        }
        return new RoutedRequest(kind, model.asString(), body);
    }

    private static JsonNode readObject(InferenceKind kind, byte[] body, JsonMapper json) {
        String expected = "send a JSON object with 'model' and '" + kind.requiredField() + "'.";
        if (body.length == 0) {
            throw new ApiException(ProblemType.MALFORMED_BODY, "The request body is empty; " + expected);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(
                    ProblemType.MALFORMED_BODY,
                    "The request body is not valid JSON (" + e.getOriginalMessage() + "); " + expected);
        }
        if (!root.isObject()) {
            throw new ApiException(ProblemType.MALFORMED_BODY, "The request body is not a JSON object; " + expected);
        }
        return root;
    }
}
