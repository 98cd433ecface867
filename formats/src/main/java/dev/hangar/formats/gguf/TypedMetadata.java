package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads well-known metadata keys as the kind of value they must hold. A missing key is empty; a key holding the wrong
 * kind of value is an {@link InvalidModelFile}, because a registry must not show a context length that is a string.
 */
final class TypedMetadata {
    private final Map<String, GgufValue> metadata;

    TypedMetadata(Map<String, GgufValue> metadata) {
        this.metadata = metadata;
    }

    Optional<String> string(String key) {
        return switch (metadata.get(key)) {
            case null -> Optional.empty();
            case GgufValue.Str(String value) -> Optional.of(value);
            case GgufValue other -> throw wrongType(key, "a string", other);
        };
    }

    /** A non-negative integer stored in any of the integer types; writers disagree on which one they use. */
    OptionalLong count(String key) {
        GgufValue value = metadata.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        long count = switch (value) {
            case GgufValue.UInt8(int v) -> v;
            case GgufValue.Int8(byte v) -> v;
            case GgufValue.UInt16(int v) -> v;
            case GgufValue.Int16(short v) -> v;
            case GgufValue.UInt32(long v) -> v;
            case GgufValue.Int32(int v) -> v;
            case GgufValue.UInt64(long v) -> v;
            case GgufValue.Int64(long v) -> v;
            default -> throw wrongType(key, "an integer", value);
        };
        if (count < 0) {
            throw new InvalidModelFile(
                    key + " is out of range, found " + describe(value), "metadata key '" + key + "'");
        }
        return OptionalLong.of(count);
    }

    OptionalDouble number(String key) {
        return switch (metadata.get(key)) {
            case null -> OptionalDouble.empty();
            case GgufValue.Float32(float v) -> OptionalDouble.of(v);
            case GgufValue.Float64(double v) -> OptionalDouble.of(v);
            case GgufValue other -> throw wrongType(key, "a float", other);
        };
    }

    OptionalLong arrayLength(String key) {
        return switch (metadata.get(key)) {
            case null -> OptionalLong.empty();
            case GgufValue.Array array -> OptionalLong.of(array.elements().size());
            case GgufValue other -> throw wrongType(key, "an array", other);
        };
    }

    private static InvalidModelFile wrongType(String key, String expected, GgufValue found) {
        return new InvalidModelFile(
                key + " must be " + expected + ", found " + describe(found), "metadata key '" + key + "'");
    }

    private static String describe(GgufValue value) {
        return switch (value) {
            case GgufValue.UInt64(long v) -> "UINT64 " + Long.toUnsignedString(v);
            case GgufValue.Array array -> "ARRAY of " + array.elementType();
            default -> value.toString();
        };
    }
}
