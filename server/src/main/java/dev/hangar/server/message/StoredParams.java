package dev.hangar.server.message;

import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message's parameters as a table stores them beside its code and English text: a JSON object,
 * nested messages as objects with their own code, parameters and text.
 */
public final class StoredParams {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private StoredParams() {}

    /**
     * The parameters as stored; none (null) when they would not fit {@code limit} characters, so
     * that the UI shows the English text rather than a translation with holes.
     */
    public static String write(Message message, int limit) {
        String text = JSON.writeValueAsString(message.sortedParams());
        return text.length() <= limit ? text : null;
    }

    /** Stored parameters; null for a row written before messages had codes. */
    public static Map<String, Object> read(String text) {
        return text == null ? null : JSON.readValue(text, MAP);
    }
}
