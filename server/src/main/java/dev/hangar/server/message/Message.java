package dev.hangar.server.message;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedCollection;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A sentence the server writes for a person: a stable {@code code} (see {@link MessageCode}), the
 * {@code params} its template names, and the English {@code text} rendered from them. The UI shows
 * the code's translation in the reader's language; everyone else reads the text. A parameter is a
 * string or, for a part that is itself a sentence, a nested message.
 */
public record Message(String code, Map<String, Object> params, String text) {

    public Message {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
        params = Map.copyOf(params);
    }

    /**
     * A message as it was stored or sent: parameters that are objects with a {@code code} and a
     * {@code text} become nested messages again.
     */
    public static Message restore(String code, Map<String, ?> params, String text) {
        Map<String, Object> restored = new LinkedHashMap<>();
        params.forEach((name, value) -> restored.put(name, restoredParam(value)));
        return new Message(code, restored, text);
    }

    private static Object restoredParam(Object value) {
        if (value instanceof Map<?, ?> map
                && map.get("code") instanceof String code
                && map.get("text") instanceof String text) {
            Map<String, Object> nested = new LinkedHashMap<>();
            if (map.get("params") instanceof Map<?, ?> params) {
                params.forEach((name, v) -> nested.put(String.valueOf(name), v));
            }
            return restore(code, nested, text);
        }
        return String.valueOf(value);
    }

    /**
     * A value as a parameter: a nested message stays one; a collection becomes the list the catalog
     * writes, its items' texts comma-separated ({@code a, b}, never {@code [a, b]}), in its own order,
     * or sorted where it has none (a {@code Set.of} would otherwise be listed differently each run);
     * anything else becomes its string.
     */
    static Object param(Object value) {
        return switch (value) {
            case Message message -> message;
            case SequencedCollection<?> items -> listed(items.stream());
            case EnumSet<?> items -> listed(items.stream());
            case Collection<?> items ->
                listed(items.stream().map(Message::textOf).sorted());
            case null, default -> String.valueOf(value);
        };
    }

    private static String listed(Stream<?> items) {
        return items.map(Message::textOf).collect(Collectors.joining(", "));
    }

    /** The parameter as the English text shows it. */
    static String textOf(Object param) {
        return param instanceof Message message ? message.text() : String.valueOf(param);
    }

    /** The parameters in a stable order, for storage and comparison. */
    public Map<String, Object> sortedParams() {
        Map<String, Object> sorted = new LinkedHashMap<>();
        params.keySet().stream().sorted().forEach(name -> sorted.put(name, params.get(name)));
        return sorted;
    }
}
