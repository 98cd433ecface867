package dev.hangar.formats.safetensors;

import dev.hangar.formats.InvalidModelFile;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Typed members of a JSON object read from a named file. A missing key (or JSON {@code null}) is empty; a member of the
 * wrong kind is an {@link InvalidModelFile} naming the file and the key, because a registry must not show a head count
 * that is a string.
 *
 * @param file the file name used in error locations
 * @param keyPrefix the path of this object inside the file, e.g. {@code "text_config."}; empty at the top
 */
public record JsonFields(String file, String keyPrefix, JsonValue.JsonObject object) {
    /** Integers, also as {@code 4096.0} as Python writes a float that holds one; exponents are not accepted. */
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+(\\.0+)?");

    /** @throws InvalidModelFile if {@code value} is not an object */
    public static JsonFields root(String file, JsonValue value) {
        if (!(value instanceof JsonValue.JsonObject object)) {
            throw new InvalidModelFile("the file must hold a JSON object", file);
        }
        return new JsonFields(file, "", object);
    }

    public Optional<JsonValue> value(String key) {
        JsonValue value = object.members().get(key);
        return value == null || value instanceof JsonValue.JsonNull ? Optional.empty() : Optional.of(value);
    }

    public Optional<String> string(String key) {
        return value(key).map(value -> switch (value) {
            case JsonValue.JsonString(String text) -> text;
            default -> throw wrongType(key, "a string");
        });
    }

    public Optional<Boolean> bool(String key) {
        return value(key).map(value -> switch (value) {
            case JsonValue.JsonBoolean(boolean flag) -> flag;
            default -> throw wrongType(key, "true or false");
        });
    }

    /** A non-negative integer. */
    public OptionalLong count(String key) {
        Optional<JsonValue> value = value(key);
        return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(countOf(value.get(), key));
    }

    public OptionalDouble number(String key) {
        Optional<JsonValue> value = value(key);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!(value.get() instanceof JsonValue.JsonNumber(String literal))) {
            throw wrongType(key, "a number");
        }
        return OptionalDouble.of(Double.parseDouble(literal));
    }

    public Optional<JsonFields> object(String key) {
        return value(key).map(value -> switch (value) {
            case JsonValue.JsonObject nested -> new JsonFields(file, keyPrefix + key + ".", nested);
            default -> throw wrongType(key, "an object");
        });
    }

    public Optional<List<JsonValue>> array(String key) {
        return value(key).map(value -> switch (value) {
            case JsonValue.JsonArray(List<JsonValue> elements) -> elements;
            default -> throw wrongType(key, "an array");
        });
    }

    /**
     * Reads {@code value}, found under {@code key}, as a non-negative integer.
     *
     * @throws InvalidModelFile if it is not one or does not fit in a long
     */
    public long countOf(JsonValue value, String key) {
        if (!(value instanceof JsonValue.JsonNumber(String literal))
                || !INTEGER.matcher(literal).matches()) {
            throw wrongType(key, "a non-negative integer", value);
        }
        int point = literal.indexOf('.');
        try {
            long count = Long.parseLong(point < 0 ? literal : literal.substring(0, point));
            if (count < 0) {
                throw wrongType(key, "a non-negative integer", value);
            }
            return count;
        } catch (NumberFormatException tooLarge) {
            throw new InvalidModelFile(keyPrefix + key + " is larger than a 64-bit integer: " + literal, where(key));
        }
    }

    public InvalidModelFile wrongType(String key, String expected) {
        return wrongType(key, expected, object.members().get(key));
    }

    /** For a {@code found} value that sits inside the member {@code key}, such as an array element. */
    public InvalidModelFile wrongType(String key, String expected, JsonValue found) {
        return new InvalidModelFile(
                keyPrefix + key + " must be " + expected + ", found " + describe(found), where(key));
    }

    public String where(String key) {
        return file + ", key '" + keyPrefix + key + "'";
    }

    private static String describe(JsonValue value) {
        return switch (value) {
            case null -> "nothing";
            case JsonValue.JsonObject object -> "an object";
            case JsonValue.JsonArray array -> "an array";
            case JsonValue.JsonString(String text) ->
                "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
            case JsonValue.JsonNumber(String literal) -> "the number " + literal;
            case JsonValue.JsonBoolean(boolean flag) -> String.valueOf(flag);
            case JsonValue.JsonNull nothing -> "null";
        };
    }
}
