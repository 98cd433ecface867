package dev.hangar.formats.safetensors;

import dev.hangar.formats.InvalidModelFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * RFC 8259 JSON, strictly (no comments, trailing commas, leading zeros, raw control characters, lone surrogates or
 * duplicate keys) and with a nesting cap, because safetensors headers come from untrusted files. The input length is
 * bounded by the caller.
 */
public final class StrictJsonParser {
    static final int MAX_NESTING = 32;

    private final String text;
    private final String source;
    private int position;

    private StrictJsonParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * @param source names the text in error locations, e.g. {@code "safetensors header"}
     * @throws InvalidModelFile naming the character where the text stops being JSON
     */
    public static JsonValue parse(String text, String source) {
        StrictJsonParser parser = new StrictJsonParser(text, source);
        parser.skipWhitespace();
        JsonValue value = parser.value(0);
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.invalid("unexpected content after the JSON value");
        }
        return value;
    }

    private JsonValue value(int nesting) {
        if (position >= text.length()) {
            throw invalid("JSON ends where a value was expected");
        }
        char next = text.charAt(position);
        return switch (next) {
            case '{' -> object(nesting + 1);
            case '[' -> array(nesting + 1);
            case '"' -> new JsonValue.JsonString(string());
            case 't' -> literal("true", new JsonValue.JsonBoolean(true));
            case 'f' -> literal("false", new JsonValue.JsonBoolean(false));
            case 'n' -> literal("null", new JsonValue.JsonNull());
            default -> {
                if (next == '-' || isDigit(next)) {
                    yield number();
                }
                throw invalid("unexpected character '" + printable(next) + "' where a value was expected");
            }
        };
    }

    private JsonValue object(int nesting) {
        checkNesting(nesting);
        position++;
        SequencedMap<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (consume('}')) {
            return new JsonValue.JsonObject(members);
        }
        do {
            skipWhitespace();
            int keyStart = position;
            if (!peek('"')) {
                throw invalid("expected a string key");
            }
            String key = string();
            if (members.containsKey(key)) {
                position = keyStart;
                throw invalid("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(key, value(nesting));
            skipWhitespace();
        } while (consume(','));
        expect('}');
        return new JsonValue.JsonObject(members);
    }

    private JsonValue array(int nesting) {
        checkNesting(nesting);
        position++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (consume(']')) {
            return new JsonValue.JsonArray(elements);
        }
        do {
            skipWhitespace();
            elements.add(value(nesting));
            skipWhitespace();
        } while (consume(','));
        expect(']');
        return new JsonValue.JsonArray(elements);
    }

    private String string() {
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw invalid("unterminated string");
            }
            char next = text.charAt(position++);
            if (next == '"') {
                return value.toString();
            }
            if (next < 0x20) {
                position--;
                throw invalid("raw control character U+%04X in a string".formatted((int) next));
            }
            if (next == '\\') {
                escape(value);
            } else {
                value.append(next);
            }
        }
    }

    private void escape(StringBuilder value) {
        if (position >= text.length()) {
            throw invalid("unterminated escape");
        }
        char escaped = text.charAt(position++);
        switch (escaped) {
            case '"', '\\', '/' -> value.append(escaped);
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'u' -> {
                char unit = hexUnit();
                if (Character.isHighSurrogate(unit)) {
                    value.append(unit).append(lowSurrogateAfter(unit));
                } else if (Character.isLowSurrogate(unit)) {
                    throw invalid("lone surrogate \\u%04X".formatted((int) unit));
                } else {
                    value.append(unit);
                }
            }
            default -> {
                position--;
                throw invalid("invalid escape '\\" + printable(escaped) + "'");
            }
        }
    }

    /** Raw surrogates arrive paired from strict UTF-8 decoding; escaped ones must be checked. */
    private char lowSurrogateAfter(char high) {
        if (!text.startsWith("\\u", position)) {
            throw invalid("lone surrogate \\u%04X".formatted((int) high));
        }
        position += 2;
        char low = hexUnit();
        if (!Character.isLowSurrogate(low)) {
            throw invalid("lone surrogate \\u%04X".formatted((int) high));
        }
        return low;
    }

    private char hexUnit() {
        if (position + 4 > text.length()) {
            throw invalid("truncated \\u escape");
        }
        int unit = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position), 16);
            if (digit < 0) {
                throw invalid("invalid hex digit in a \\u escape");
            }
            unit = unit * 16 + digit;
            position++;
        }
        return (char) unit;
    }

    private JsonValue number() {
        int start = position;
        consume('-');
        if (consume('0')) {
            if (position < text.length() && isDigit(text.charAt(position))) {
                throw invalid("leading zero in a number");
            }
        } else {
            digits();
        }
        if (consume('.')) {
            digits();
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            digits();
        }
        return new JsonValue.JsonNumber(text.substring(start, position));
    }

    private void digits() {
        int start = position;
        while (position < text.length() && isDigit(text.charAt(position))) {
            position++;
        }
        if (position == start) {
            throw invalid("expected a digit");
        }
    }

    private JsonValue literal(String word, JsonValue value) {
        if (!text.startsWith(word, position)) {
            throw invalid("unexpected character '" + printable(text.charAt(position)) + "' where a value was expected");
        }
        position += word.length();
        return value;
    }

    private void checkNesting(int nesting) {
        if (nesting > MAX_NESTING) {
            throw invalid("JSON nested deeper than " + MAX_NESTING + " levels");
        }
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char next = text.charAt(position);
            if (next != ' ' && next != '\t' && next != '\n' && next != '\r') {
                return;
            }
            position++;
        }
    }

    private boolean peek(char expected) {
        return position < text.length() && text.charAt(position) == expected;
    }

    private boolean consume(char expected) {
        if (peek(expected)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char expected) {
        if (!consume(expected)) {
            throw invalid(
                    position >= text.length()
                            ? "JSON ends where '" + expected + "' was expected"
                            : "expected '" + expected + "' but found '" + printable(text.charAt(position)) + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7E ? "U+%04X".formatted((int) c) : String.valueOf(c);
    }

    private InvalidModelFile invalid(String problem) {
        return new InvalidModelFile(problem, source + ", character " + position);
    }
}
