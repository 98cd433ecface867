package dev.hangar.server.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * One mapping of a runtime file, read field by field: each accessor checks the field's type and
 * names the file and the field's path ({@code engineArgs[3].min}) in the problem it reports. YAML
 * reads {@code on}, {@code off}, {@code yes}, {@code no} and bare numbers as other types than text,
 * so a text field refuses them and asks for quotes.
 */
final class YamlFields {

    private final String file;
    private final String path;
    private final Map<?, ?> fields;

    private YamlFields(String file, String path, Map<?, ?> fields) {
        this.file = file;
        this.path = path;
        this.fields = fields;
    }

    static YamlFields of(String file, Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new InvalidRuntimeFile(file, "", "must be a mapping of fields (name: value)");
        }
        return new YamlFields(file, "", map);
    }

    /**
     * Refuses a field not in {@code known}, which would otherwise be ignored (a misspelled
     * {@code defualtValue}).
     *
     * @param what what the mapping is, for the problem: "a bool engine argument"
     */
    YamlFields only(Set<String> known, String what) {
        for (Object key : fields.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw problem(
                        String.valueOf(key),
                        "is not a field of " + what + "; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    String text(String key) {
        return optionalText(key).orElseThrow(() -> problem(key, "is required"));
    }

    Optional<String> optionalText(String key) {
        return Optional.ofNullable(fields.get(key)).map(value -> textOf(key, value));
    }

    boolean bool(String key, boolean otherwise) {
        Object value = fields.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Boolean b)) {
            throw problem(key, "must be true or false, not " + describe(value));
        }
        return b;
    }

    /** A whole number, or empty where the field is absent. */
    Optional<Long> whole(String key) {
        Object value = fields.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw problem(key, "must be a whole number, not " + describe(value));
        }
        return Optional.of(((Number) value).longValue());
    }

    /** A number, whole or not, or empty where the field is absent. */
    Optional<Double> decimal(String key) {
        Object value = fields.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Double)) {
            throw problem(key, "must be a number, not " + describe(value));
        }
        return Optional.of(((Number) value).doubleValue());
    }

    /** A list of text, empty where the field is absent. */
    List<String> texts(String key) {
        List<String> texts = new ArrayList<>();
        List<?> values = list(key);
        for (int i = 0; i < values.size(); i++) {
            texts.add(textOf(key + "[" + i + "]", values.get(i)));
        }
        return texts;
    }

    /** A list of lists of text (commands), empty where the field is absent. */
    List<List<String>> commands(String key) {
        return items(key, (itemPath, value) -> {
            if (!(value instanceof List<?> words)) {
                throw problem(itemPath, "must be a list of words, not " + describe(value));
            }
            List<String> command = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                command.add(textOf(itemPath + "[" + i + "]", words.get(i)));
            }
            return command;
        });
    }

    /** A mapping of text to text, in file order, empty where the field is absent. */
    Map<String, String> textMap(String key) {
        Object value = fields.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw problem(key, "must be a mapping (NAME: value), not " + describe(value));
        }
        Map<String, String> texts = new LinkedHashMap<>();
        map.forEach((name, text) -> texts.put(String.valueOf(name), textOf(key + "." + name, text)));
        return texts;
    }

    /** A mapping of fields, or empty where the field is absent. */
    Optional<YamlFields> nested(String key) {
        Object value = fields.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw problem(key, "must be a mapping of fields, not " + describe(value));
        }
        return Optional.of(new YamlFields(file, pathOf(key), map));
    }

    /** A list of mappings of fields, empty where the field is absent. */
    List<YamlFields> nestedList(String key) {
        return items(key, (itemPath, value) -> {
            if (!(value instanceof Map<?, ?> map)) {
                throw problem(itemPath, "must be a mapping of fields, not " + describe(value));
            }
            return new YamlFields(file, pathOf(itemPath), map);
        });
    }

    /** A problem with a field of this mapping, naming the file and the field. */
    InvalidRuntimeFile problem(String key, String message) {
        return new InvalidRuntimeFile(file, pathOf(key), message);
    }

    private <T> List<T> items(String key, BiFunction<String, Object, T> item) {
        List<?> values = list(key);
        List<T> items = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            items.add(item.apply(key + "[" + i + "]", values.get(i)));
        }
        return items;
    }

    private List<?> list(String key) {
        Object value = fields.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw problem(key, "must be a list, not " + describe(value));
        }
        return list;
    }

    private String textOf(String key, Object value) {
        if (value instanceof Map || value instanceof List) {
            throw problem(key, "must be text, not " + describe(value));
        }
        if (!(value instanceof String text)) {
            throw problem(key, "must be text, not " + describe(value) + " (write it in quotes)");
        }
        if (text.isBlank()) {
            throw problem(key, "must not be blank");
        }
        return text;
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Object value) {
        return switch (value) {
            case String s -> "'" + s + "'";
            case Map<?, ?> m -> "a mapping";
            case List<?> l -> "a list";
            default -> value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
        };
    }
}
