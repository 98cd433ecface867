package dev.hangar.server.gateway;

import java.util.Arrays;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * What metering needs from one event of a streamed answer, read token by token from the event's
 * bytes (no string of the event, no tree of its JSON, which cost more than moving the event on):
 * the usage it reports, whether one of its choices carries content (text, a content delta, tool
 * calls), and whether it has choices at all (a usage-only chunk has none).
 */
record StreamChunk(Optional<TokenUsage> usage, boolean content, boolean hasChoices) {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};

    /**
     * The chunk of the event in {@code bytes[from, to)}: a {@code data:} line holding a JSON object.
     * Empty for any other event ({@code [DONE]}, a comment, an event with other fields first, JSON
     * that does not parse), which the gateway passes on without looking further.
     */
    static Optional<StreamChunk> read(byte[] bytes, int from, int to) {
        int at = skipSpace(bytes, from, to);
        if (to - at < DATA.length || !Arrays.equals(bytes, at, at + DATA.length, DATA, 0, DATA.length)) {
            return Optional.empty();
        }
        at = skipSpace(bytes, at + DATA.length, to);
        if (at == to || bytes[at] != '{') {
            return Optional.empty();
        }
        try (JsonParser parser = EventLoopJson.parser(bytes, at, to - at)) {
            parser.nextToken();
            return Optional.of(object(parser));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    private static StreamChunk object(JsonParser parser) {
        Optional<TokenUsage> usage = Optional.empty();
        boolean content = false;
        boolean hasChoices = false;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            if (name.equals("usage") && value == JsonToken.START_OBJECT) {
                usage = Optional.of(usage(parser));
            } else if (name.equals("choices") && value == JsonToken.START_ARRAY) {
                for (JsonToken choice = parser.nextToken();
                        choice != JsonToken.END_ARRAY;
                        choice = parser.nextToken()) {
                    hasChoices = true;
                    content |= choice == JsonToken.START_OBJECT ? choiceHasContent(parser) : skip(parser);
                }
            } else {
                parser.skipChildren();
            }
        }
        return new StreamChunk(usage, content, hasChoices);
    }

    private static TokenUsage usage(JsonParser parser) {
        long prompt = 0;
        long completion = 0;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            parser.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = parser.getValueAsLong(0);
                case "completion_tokens" -> completion = parser.getValueAsLong(0);
                default -> parser.skipChildren();
            }
        }
        return new TokenUsage(prompt, completion, false);
    }

    /** A choice's text, or its delta's content or tool calls. */
    private static boolean choiceHasContent(JsonParser parser) {
        boolean content = false;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            if (name.equals("text")) {
                content |= nonEmptyString(parser, value);
            } else if (name.equals("delta") && value == JsonToken.START_OBJECT) {
                for (String field = parser.nextName(); field != null; field = parser.nextName()) {
                    JsonToken fieldValue = parser.nextToken();
                    content |=
                            field.equals("tool_calls") || field.equals("content") && nonEmptyString(parser, fieldValue);
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
        }
        return content;
    }

    private static boolean nonEmptyString(JsonParser parser, JsonToken value) {
        return value == JsonToken.VALUE_STRING && parser.getStringLength() > 0;
    }

    private static boolean skip(JsonParser parser) {
        parser.skipChildren();
        return false;
    }

    private static int skipSpace(byte[] bytes, int at, int to) {
        while (at < to && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\r' || bytes[at] == '\n')) {
            at++;
        }
        return at;
    }
}
