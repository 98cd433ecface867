package dev.hangar.formats.safetensors;

import dev.hangar.formats.InvalidModelFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Turns a parsed safetensors header into tensors and metadata, checking each entry and that the entries tile the data
 * buffer from 0 to its end with no gap or overlap (the reference {@code Metadata::validate}).
 */
final class TensorEntries {
    static final String METADATA_KEY = "__metadata__";

    private TensorEntries() {}

    static SafetensorsFile interpret(JsonValue.JsonObject header, long dataStart, long fileSize) {
        SequencedMap<String, String> metadata = new LinkedHashMap<>();
        List<SafetensorsTensor> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonValue> member : header.members().entrySet()) {
            if (member.getKey().equals(METADATA_KEY)) {
                metadata = metadata(member.getValue());
            } else {
                tensors.add(tensor(member.getKey(), member.getValue(), dataStart));
            }
        }
        checkTiling(tensors, fileSize - dataStart);
        return new SafetensorsFile(metadata, tensors, dataStart, fileSize);
    }

    private static SequencedMap<String, String> metadata(JsonValue value) {
        String where = SafetensorsReader.SOURCE + ", " + METADATA_KEY;
        if (!(value instanceof JsonValue.JsonObject object)) {
            throw new InvalidModelFile(METADATA_KEY + " must be an object", where);
        }
        SequencedMap<String, String> metadata = new LinkedHashMap<>();
        object.members().forEach((key, entry) -> {
            if (!(entry instanceof JsonValue.JsonString(String text))) {
                throw new InvalidModelFile(METADATA_KEY + " value for \"" + key + "\" must be a string", where);
            }
            metadata.put(key, text);
        });
        return metadata;
    }

    /** Unknown fields are ignored, as the reference deserializer does; the three known ones are required. */
    private static SafetensorsTensor tensor(String name, JsonValue value, long dataStart) {
        String where = SafetensorsReader.SOURCE + ", tensor '" + name + "'";
        if (!(value instanceof JsonValue.JsonObject entry)) {
            throw new InvalidModelFile("tensor entry must be an object", where);
        }
        SafetensorsDtype dtype = switch (entry.members().get("dtype")) {
            case JsonValue.JsonString(String dtypeName) ->
                SafetensorsDtype.byName(dtypeName)
                        .orElseThrow(() -> new InvalidModelFile("unknown dtype \"" + dtypeName + "\"", where));
            case null, default -> throw new InvalidModelFile("dtype must be a string", where);
        };
        List<Long> shape = integers(entry.members().get("shape"), "shape", where);
        List<Long> offsets = integers(entry.members().get("data_offsets"), "data_offsets", where);
        if (offsets.size() != 2 || offsets.get(0) > offsets.get(1)) {
            throw new InvalidModelFile("data_offsets must be [begin, end] with begin <= end, found " + offsets, where);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        long expectedBytes = bytesFor(dtype, shape, where);
        if (end - begin != expectedBytes) {
            throw new InvalidModelFile(
                    "data_offsets span " + (end - begin) + " bytes but " + dtype + " " + shape + " needs "
                            + expectedBytes,
                    where);
        }
        return new SafetensorsTensor(name, dtype, shape, begin, end, dataStart + begin);
    }

    private static long bytesFor(SafetensorsDtype dtype, List<Long> shape, String where) {
        try {
            long elements = 1;
            for (long dimension : shape) {
                elements = Math.multiplyExact(elements, dimension);
            }
            return dtype.bytesFor(elements);
        } catch (ArithmeticException overflow) {
            throw new InvalidModelFile("shape " + shape + " of " + dtype + " overflows a 64-bit byte count", where);
        } catch (IllegalArgumentException partialByte) {
            throw new InvalidModelFile(partialByte.getMessage(), where);
        }
    }

    private static List<Long> integers(JsonValue value, String field, String where) {
        if (!(value instanceof JsonValue.JsonArray array)) {
            throw new InvalidModelFile(field + " must be an array of non-negative integers", where);
        }
        List<Long> integers = new ArrayList<>(array.elements().size());
        for (JsonValue element : array.elements()) {
            if (!(element instanceof JsonValue.JsonNumber(String literal))
                    || !literal.chars().allMatch(Character::isDigit)) {
                throw new InvalidModelFile(field + " must be an array of non-negative integers", where);
            }
            try {
                integers.add(Long.parseLong(literal));
            } catch (NumberFormatException tooLarge) {
                throw new InvalidModelFile(field + " value " + literal + " is larger than a 64-bit integer", where);
            }
        }
        return integers;
    }

    private static void checkTiling(List<SafetensorsTensor> tensors, long bufferLength) {
        List<SafetensorsTensor> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(SafetensorsTensor::begin).thenComparingLong(SafetensorsTensor::end));
        long expectedBegin = 0;
        for (SafetensorsTensor tensor : byOffset) {
            if (tensor.begin() != expectedBegin) {
                throw new InvalidModelFile(
                        "tensor data begins at " + tensor.begin() + " but the previous tensor ends at " + expectedBegin
                                + (tensor.begin() < expectedBegin ? " (overlap)" : " (gap)"),
                        SafetensorsReader.SOURCE + ", tensor '" + tensor.name() + "'");
            }
            expectedBegin = tensor.end();
        }
        if (expectedBegin != bufferLength) {
            throw new InvalidModelFile(
                    "tensors cover " + expectedBegin + " bytes but the data buffer holds " + bufferLength
                            + (expectedBegin > bufferLength ? " (file is truncated)" : " (trailing bytes)"),
                    SafetensorsReader.SOURCE);
        }
    }
}
