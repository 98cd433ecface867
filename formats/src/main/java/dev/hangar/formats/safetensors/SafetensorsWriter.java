package dev.hangar.formats.safetensors;

import dev.hangar.formats.ModelFileWriter;
import dev.hangar.formats.TensorData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.stream.Collectors;

/**
 * Builds a safetensors file: the JSON header (with {@code __metadata__} when any is set) padded with spaces so the data
 * buffer starts on an 8-byte boundary, then the tensors back to back in the order they were added. Tensor bytes given
 * as arrays are held in memory; {@link TensorData#streamed streamed} ones are produced while the file is written.
 */
public final class SafetensorsWriter implements ModelFileWriter {
    private final SequencedMap<String, String> metadata = new LinkedHashMap<>();
    private final SequencedMap<String, PendingTensor> tensors = new LinkedHashMap<>();

    public SafetensorsWriter putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds a tensor whose bytes are already little-endian and row-major.
     *
     * @throws IllegalArgumentException for a repeated or reserved name, a negative dimension, or bytes that do not
     *     match dtype × shape
     */
    public SafetensorsWriter addTensor(String name, SafetensorsDtype dtype, List<Long> shape, byte[] data) {
        return addTensor(name, dtype, shape, TensorData.of(data));
    }

    /**
     * Adds a tensor whose little-endian, row-major bytes are produced when the file is written.
     *
     * @throws IllegalArgumentException as {@link #addTensor(String, SafetensorsDtype, List, byte[])} does, with the
     *     declared byte size standing for the data's length
     */
    public SafetensorsWriter addTensor(String name, SafetensorsDtype dtype, List<Long> shape, TensorData data) {
        if (name.equals(TensorEntries.METADATA_KEY) || tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already added");
        }
        if (shape.stream().anyMatch(dimension -> dimension < 0)) {
            throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: " + shape);
        }
        long expected = dtype.bytesFor(shape.stream().reduce(1L, Math::multiplyExact));
        if (expected != data.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + dtype + " " + shape + " needs " + expected
                    + " bytes, got " + data.byteSize());
        }
        tensors.put(name, new PendingTensor(dtype, List.copyOf(shape), data));
        return this;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        byte[] header = paddedHeader();
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length)
                .array());
        out.write(header);
        for (var entry : tensors.entrySet()) {
            entry.getValue().data().writeTo(out, entry.getKey());
        }
        out.flush();
    }

    private byte[] paddedHeader() {
        List<String> members = new ArrayList<>();
        if (!metadata.isEmpty()) {
            members.add(quote(TensorEntries.METADATA_KEY) + ":"
                    + metadata.entrySet().stream()
                            .map(entry -> quote(entry.getKey()) + ":" + quote(entry.getValue()))
                            .collect(Collectors.joining(",", "{", "}")));
        }
        long offset = 0;
        for (var entry : tensors.entrySet()) {
            PendingTensor tensor = entry.getValue();
            long end = offset + tensor.data().byteSize();
            members.add(quote(entry.getKey()) + ":{\"dtype\":"
                    + quote(tensor.dtype().name()) + ",\"shape\":"
                    + tensor.shape().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                    + ",\"data_offsets\":[" + offset + "," + end + "]}");
            offset = end;
        }
        byte[] json =
                String.join(",", members).transform(body -> "{" + body + "}").getBytes(StandardCharsets.UTF_8);
        // Spaces are JSON whitespace, so padding keeps the header valid while aligning the buffer for mmap readers.
        int padding = (8 - json.length % 8) % 8;
        byte[] padded = new byte[json.length + padding];
        System.arraycopy(json, 0, padded, 0, json.length);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append("\\u%04x".formatted((int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private record PendingTensor(SafetensorsDtype dtype, List<Long> shape, TensorData data) {}
}
