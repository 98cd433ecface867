package dev.hangar.server.gateway;

import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The little of an OpenAI request body that routing and metering need, checked at the edge so that
 * a bad request is a 400 naming its {@code param} rather than a replica's error. The replica gets
 * the original bytes, so fields the gateway does not know pass through untouched; the one change
 * is that a stream always asks for its usage ({@code stream_options.include_usage}), which the
 * gateway needs for metering and takes out again when the client did not ask for it.
 *
 * @param model the endpoint's name
 * @param usageAdded whether the gateway asked for the stream's usage chunk on the client's behalf
 * @param promptChars the length of the prompt's text, for estimating its tokens when a replica does not count them
 */
record RoutedRequest(
        InferenceKind kind, String model, byte[] body, boolean stream, boolean usageAdded, int promptChars) {

    /** Followed by a comma: a request body always has other members ({@code model} at least). */
    private static final byte[] USAGE_MEMBER =
            "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

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
        checkTypes(root, kind);
        JsonNode stream = root.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw ApiException.invalidField("stream", "must be true or false");
        }
        JsonNode options = root.path("stream_options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw ApiException.invalidField("stream_options", "must be an object such as {\"include_usage\": true}");
        }
        boolean streamed = stream.asBoolean(false) && kind != InferenceKind.EMBEDDING;
        boolean usageAdded = streamed && !options.path("include_usage").asBoolean(false);
        if (usageAdded) {
            body = options.isMissingNode() ? withUsageOption(body) : withUsageOption((ObjectNode) root, json);
        }
        return new RoutedRequest(kind, model.asString(), body, streamed, usageAdded, textLength(required));
    }

    /**
     * The body with {@code "stream_options":{"include_usage":true}} as its first member, spliced in
     * after the opening brace: the body had no {@code stream_options}, so no member repeats, and the
     * client's bytes are otherwise kept as they were (no second pass to write the whole body again).
     */
    private static byte[] withUsageOption(byte[] body) {
        int open = 0;
        while (body[open] != '{') {
            open++; // only whitespace can come first: the body parsed as an object
        }
        byte[] spliced = new byte[body.length + USAGE_MEMBER.length];
        System.arraycopy(body, 0, spliced, 0, open + 1);
        System.arraycopy(USAGE_MEMBER, 0, spliced, open + 1, USAGE_MEMBER.length);
        System.arraycopy(body, open + 1, spliced, open + 1 + USAGE_MEMBER.length, body.length - open - 1);
        return spliced;
    }

    /** The body written again with {@code stream_options.include_usage} set, for a client that sent the options without it. */
    private static byte[] withUsageOption(ObjectNode root, JsonMapper json) {
        root.putObject("stream_options").put("include_usage", true);
        return json.writeValueAsBytes(root);
    }

    /**
     * The common fields' types, so that a client's type error is a 400 naming the field rather than
     * whatever the replica's runtime says about it. Values within the types are the replica's to judge.
     */
    private static void checkTypes(JsonNode root, InferenceKind kind) {
        for (String field : List.of("max_tokens", "max_completion_tokens", "n", "seed", "top_k")) {
            JsonNode value = root.path(field);
            if (present(value) && !value.isIntegralNumber()) {
                throw ApiException.invalidField(field, "must be an integer");
            }
        }
        for (String field : List.of("temperature", "top_p", "min_p", "presence_penalty", "frequency_penalty")) {
            JsonNode value = root.path(field);
            if (present(value) && !value.isNumber()) {
                throw ApiException.invalidField(field, "must be a number");
            }
        }
        JsonNode stop = root.path("stop");
        if (present(stop) && !stop.isString() && !stop.isArray()) {
            throw ApiException.invalidField("stop", "must be a string or an array of strings");
        }
        if (kind == InferenceKind.CHAT) {
            JsonNode messages = root.path("messages");
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                if (!message.isObject() || !message.path("role").isString()) {
                    throw ApiException.invalidField(
                            "messages[" + i + "]", "must be an object with a 'role' such as \"user\"");
                }
            }
        }
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    /** The same request for a provider that knows the model by another name: the body with {@code model} replaced. */
    RoutedRequest withModel(String upstreamModel, JsonMapper json) {
        if (upstreamModel.equals(model)) {
            return this;
        }
        ObjectNode root = (ObjectNode) json.readTree(body);
        root.put("model", upstreamModel);
        return new RoutedRequest(kind, model, json.writeValueAsBytes(root), stream, usageAdded, promptChars);
    }

    /** Prompt tokens guessed from the prompt's length (about four characters a token), for replicas that do not count them. */
    long estimatedPromptTokens() {
        return (promptChars + 3) / 4;
    }

    /** Characters of text in a prompt, messages or input: strings, message contents and text parts; a token id counts as 4. */
    private static int textLength(JsonNode node) {
        if (node.isString()) {
            return node.asString().length();
        }
        if (node.isNumber()) {
            return 4;
        }
        int length = 0;
        if (node.isArray()) {
            for (JsonNode element : node) {
                length += textLength(element);
            }
        } else if (node.isObject()) {
            length += textLength(node.path("content")) + textLength(node.path("text"));
        }
        return length;
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
