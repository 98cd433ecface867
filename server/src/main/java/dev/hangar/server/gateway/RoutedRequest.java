package dev.hangar.server.gateway;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
 * @param maxTokens the most tokens the answer may have ({@code max_tokens} or {@code max_completion_tokens}); 0 when not given
 */
record RoutedRequest(
        InferenceKind kind,
        String model,
        byte[] body,
        boolean stream,
        boolean usageAdded,
        int promptChars,
        long maxTokens) {

    /** The common fields whose type is checked (values within the types are the replica's to judge), in the order checked. */
    private static final List<String> INTEGER_FIELDS =
            List.of("max_tokens", "max_completion_tokens", "n", "seed", "top_k");

    private static final List<String> NUMBER_FIELDS =
            List.of("temperature", "top_p", "min_p", "presence_penalty", "frequency_penalty");

    /** Followed by a comma: a request body always has other members ({@code model} at least). */
    private static final byte[] USAGE_MEMBER =
            "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

    static RoutedRequest parse(InferenceKind kind, byte[] body, JsonMapper json) {
        Fields fields = Fields.read(kind, body);
        if (fields.model == null || fields.model.isBlank()) {
            throw ApiException.invalidField("model", MessageCode.GATEWAY_MODEL_REQUIRED.with());
        }
        if (!fields.requiredAccepted) {
            throw ApiException.invalidField(kind.requiredField(), kind.requirement());
        }
        for (String field : INTEGER_FIELDS) {
            if (fields.mistyped.contains(field)) {
                throw ApiException.invalidField(field, MessageCode.GATEWAY_INTEGER.with());
            }
        }
        for (String field : NUMBER_FIELDS) {
            if (fields.mistyped.contains(field)) {
                throw ApiException.invalidField(field, MessageCode.GATEWAY_NUMBER.with());
            }
        }
        if (fields.mistyped.contains("stop")) {
            throw ApiException.invalidField("stop", MessageCode.GATEWAY_STOP.with());
        }
        if (fields.badMessage >= 0) {
            throw ApiException.invalidField(
                    "messages[" + fields.badMessage + "]", MessageCode.GATEWAY_MESSAGE_ROLE.with());
        }
        if (fields.mistyped.contains("stream")) {
            throw ApiException.invalidField("stream", MessageCode.GATEWAY_BOOLEAN.with());
        }
        if (fields.mistyped.contains("stream_options")) {
            throw ApiException.invalidField("stream_options", MessageCode.GATEWAY_STREAM_OPTIONS.with());
        }
        boolean streamed = fields.stream && kind.streams();
        boolean usageAdded = streamed && !fields.includeUsage;
        if (usageAdded) {
            body = fields.hasStreamOptions
                    ? withUsageOption((ObjectNode) json.readTree(body), json)
                    : withUsageOption(body);
        }
        return new RoutedRequest(kind, fields.model, body, streamed, usageAdded, fields.promptChars, fields.maxTokens);
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

    /** The same request for a provider that knows the model by another name: the body with {@code model} replaced. */
    RoutedRequest withModel(String upstreamModel, JsonMapper json) {
        if (upstreamModel.equals(model)) {
            return this;
        }
        ObjectNode root = (ObjectNode) json.readTree(body);
        root.put("model", upstreamModel);
        return new RoutedRequest(kind, model, json.writeValueAsBytes(root), stream, usageAdded, promptChars, maxTokens);
    }

    /** Prompt tokens guessed from the prompt's length (about four characters a token), for replicas that do not count them. */
    long estimatedPromptTokens() {
        return (promptChars + 3) / 4;
    }

    /** The tokens a monthly quota holds for the request while it is in flight: its estimated prompt and its {@link #maxTokens}. */
    long reservedTokens() {
        return estimatedPromptTokens() + maxTokens;
    }

    /**
     * What {@link #parse} checks, read from the body token by token: the fields it knows and the
     * text in the required field; everything else is skipped without being read into a tree.
     */
    private static final class Fields {

        String model;
        boolean requiredAccepted;
        int promptChars;
        long maxTokens;
        /** The first message that is not an object with a role; -1 when all are. */
        int badMessage = -1;

        boolean stream;
        boolean hasStreamOptions;
        boolean includeUsage;
        final Set<String> mistyped = new HashSet<>();

        static Fields read(InferenceKind kind, byte[] body) {
            String field = kind.requiredField();
            if (body.length == 0) {
                throw new ApiException(ProblemType.MALFORMED_BODY, MessageCode.GATEWAY_BODY_EMPTY.with("field", field));
            }
            Fields fields = new Fields();
            try (JsonParser parser = EventLoopJson.parser(body, 0, body.length)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new ApiException(
                            ProblemType.MALFORMED_BODY, MessageCode.GATEWAY_BODY_NOT_OBJECT.with("field", field));
                }
                for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                    fields.field(kind, name, parser.nextToken(), parser);
                }
                if (parser.nextToken() != null) {
                    throw new ApiException(
                            ProblemType.MALFORMED_BODY, MessageCode.GATEWAY_BODY_TRAILING.with("field", field));
                }
            } catch (JacksonException e) {
                throw new ApiException(
                        ProblemType.MALFORMED_BODY,
                        MessageCode.GATEWAY_BODY_NOT_JSON.with("reason", e.getOriginalMessage(), "field", field));
            }
            return fields;
        }

        private void field(InferenceKind kind, String name, JsonToken value, JsonParser parser) {
            boolean present = value != JsonToken.VALUE_NULL;
            if (name.equals(kind.requiredField())) {
                required(kind, value, parser);
            } else if (name.equals("model")) {
                model = value == JsonToken.VALUE_STRING ? parser.getString() : null;
            } else if (name.equals("stream")) {
                stream = value == JsonToken.VALUE_TRUE;
                typed(name, !present || value.isBoolean());
            } else if (name.equals("stream_options")) {
                hasStreamOptions = value == JsonToken.START_OBJECT;
                typed(name, !present || hasStreamOptions);
                if (hasStreamOptions) {
                    streamOptions(parser);
                }
            } else if (INTEGER_FIELDS.contains(name)) {
                typed(name, !present || value == JsonToken.VALUE_NUMBER_INT);
                if (value == JsonToken.VALUE_NUMBER_INT && name.startsWith("max_")) {
                    maxTokens = Math.max(maxTokens, parser.getValueAsLong());
                }
            } else if (NUMBER_FIELDS.contains(name)) {
                typed(name, !present || value.isNumeric());
            } else if (name.equals("stop")) {
                typed(name, !present || value == JsonToken.VALUE_STRING || value == JsonToken.START_ARRAY);
            }
            parser.skipChildren();
        }

        private void typed(String name, boolean right) {
            if (right) {
                mistyped.remove(name);
            } else {
                mistyped.add(name);
            }
        }

        private void streamOptions(JsonParser parser) {
            for (String option = parser.nextName(); option != null; option = parser.nextName()) {
                JsonToken value = parser.nextToken();
                if (option.equals("include_usage")) {
                    includeUsage = value == JsonToken.VALUE_TRUE;
                }
                parser.skipChildren();
            }
        }

        /** The required field: messages, prompt or input. */
        private void required(InferenceKind kind, JsonToken value, JsonParser parser) {
            requiredAccepted = kind.accepts(value);
            badMessage = -1;
            if (kind == InferenceKind.CHAT && value == JsonToken.START_ARRAY) {
                promptChars = messages(parser);
            } else {
                promptChars = textLength(value, parser);
            }
        }

        /** Checks each message and answers the characters of their text. */
        private int messages(JsonParser parser) {
            int length = 0;
            int index = 0;
            for (JsonToken message = parser.nextToken(); message != JsonToken.END_ARRAY; message = parser.nextToken()) {
                boolean role = false;
                if (message == JsonToken.START_OBJECT) {
                    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                        JsonToken value = parser.nextToken();
                        role |= name.equals("role") && value == JsonToken.VALUE_STRING;
                        length += name.equals("content") || name.equals("text") ? textLength(value, parser) : 0;
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
                if (!role && badMessage < 0) {
                    badMessage = index;
                }
                index++;
            }
            return length;
        }

        /**
         * Characters of text in the value at {@code value}: strings, the content and text of objects
         * (message contents, text parts), arrays of them; a token id counts as 4. Leaves the parser
         * at the value's end.
         */
        private static int textLength(JsonToken value, JsonParser parser) {
            return switch (value) {
                case VALUE_STRING -> parser.getStringLength();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> 4;
                case START_ARRAY -> {
                    int length = 0;
                    for (JsonToken element = parser.nextToken();
                            element != JsonToken.END_ARRAY;
                            element = parser.nextToken()) {
                        length += textLength(element, parser);
                    }
                    yield length;
                }
                case START_OBJECT -> {
                    int length = 0;
                    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                        JsonToken member = parser.nextToken();
                        if (name.equals("content") || name.equals("text")) {
                            length += textLength(member, parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    yield length;
                }
                default -> 0;
            };
        }
    }
}
