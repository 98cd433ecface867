package dev.hangar.formats.tiny;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders maps (in their iteration order), lists, strings, numbers, booleans and {@code Optional.empty()} (JSON
 * null) as indented JSON (RFC 8259), for the small JSON files of a Hugging Face model directory.
 */
final class JsonText {
    private final StringBuilder out = new StringBuilder();

    private JsonText() {}

    static String of(Object value) {
        JsonText text = new JsonText();
        text.value(value, 0);
        return text.out.append('\n').toString();
    }

    private void value(Object value, int depth) {
        switch (value) {
            case Map<?, ?> map -> object(map, depth);
            case List<?> list -> array(list, depth);
            case String string -> string(string);
            case Float number -> finite(number.doubleValue(), Float.toString(number));
            case Double number -> finite(number, Double.toString(number));
            case Integer number -> out.append(number);
            case Long number -> out.append(number);
            case Boolean bool -> out.append(bool);
            case Optional<?> optional when optional.isEmpty() -> out.append("null");
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        String separator = "\n";
        for (var entry : map.entrySet()) {
            out.append(separator);
            indent(depth + 1);
            string((String) entry.getKey());
            out.append(": ");
            value(entry.getValue(), depth + 1);
            separator = ",\n";
        }
        out.append('\n');
        indent(depth);
        out.append('}');
    }

    private void array(List<?> list, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        String separator = "\n";
        for (Object element : list) {
            out.append(separator);
            indent(depth + 1);
            value(element, depth + 1);
            separator = ",\n";
        }
        out.append('\n');
        indent(depth);
        out.append(']');
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void finite(double number, String literal) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("JSON has no form for " + number);
        }
        out.append(literal);
    }

    private void indent(int depth) {
        out.append("  ".repeat(depth));
    }
}
