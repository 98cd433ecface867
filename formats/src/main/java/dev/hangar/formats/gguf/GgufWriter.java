package dev.hangar.formats.gguf;

import dev.hangar.formats.ModelFileWriter;
import dev.hangar.formats.TensorData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Builds a GGUF v3 file: metadata in insertion order, tensor infos, then each tensor's bytes padded to the alignment
 * ({@code general.alignment} when set, else 32), the last one included. Tensor bytes given as arrays are held in
 * memory; {@link TensorData#streamed streamed} ones are produced while the file is written.
 */
public final class GgufWriter implements ModelFileWriter {
    private final SequencedMap<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();
    private int alignment = GgufReader.DEFAULT_ALIGNMENT;

    /**
     * Adds a metadata entry.
     *
     * @throws IllegalArgumentException for an empty or repeated key, or a {@code general.alignment} that is not a
     *     UINT32 power of two, or arrays nested deeper than {@link GgufReader} reads
     */
    public GgufWriter put(String key, GgufValue value) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("metadata key is empty");
        }
        if (metadata.containsKey(key)) {
            throw new IllegalArgumentException("metadata key '" + key + "' is already set");
        }
        if (nesting(value) > GgufReader.MAX_ARRAY_NESTING) {
            throw new IllegalArgumentException("metadata key '" + key + "' nests arrays deeper than "
                    + GgufReader.MAX_ARRAY_NESTING + " levels, which GgufReader refuses");
        }
        if (key.equals(GgufReader.ALIGNMENT_KEY)) {
            alignment = checkedAlignment(value);
        }
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds a tensor whose bytes are already encoded in {@code type}'s layout.
     *
     * @param dimensions ggml order, innermost first (the reverse of a PyTorch shape)
     * @throws IllegalArgumentException when the name is empty, repeated or longer than 63 UTF-8 bytes, there are more
     *     than 4 dimensions or a negative one, the innermost one is not a whole number of blocks, or {@code data} has the wrong length
     */
    public GgufWriter addTensor(String name, GgmlType type, List<Long> dimensions, byte[] data) {
        return addTensor(name, type, dimensions, TensorData.of(data));
    }

    /**
     * Adds a tensor whose bytes, in {@code type}'s layout, are produced when the file is written.
     *
     * @param dimensions ggml order, innermost first (the reverse of a PyTorch shape)
     * @throws IllegalArgumentException as {@link #addTensor(String, GgmlType, List, byte[])} does, with the declared
     *     byte size standing for the data's length
     */
    public GgufWriter addTensor(String name, GgmlType type, List<Long> dimensions, TensorData data) {
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > GgufReader.MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "tensor name '" + name + "' must be 1 to " + GgufReader.MAX_TENSOR_NAME_BYTES + " UTF-8 bytes");
        }
        if (dimensions.size() > GgufReader.MAX_DIMENSIONS) {
            throw new IllegalArgumentException("tensor '" + name + "' has more than 4 dimensions");
        }
        if (dimensions.stream().anyMatch(dimension -> dimension < 0)) {
            throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension: " + dimensions);
        }
        long innermost = dimensions.isEmpty() ? 1 : dimensions.getFirst();
        if (innermost % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': innermost dimension " + innermost
                    + " is not a multiple of the " + type + " block size " + type.blockSize());
        }
        long elements = dimensions.stream().reduce(1L, Math::multiplyExact);
        if (type.bytesFor(elements) != data.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + elements + " " + type + " elements needs "
                    + type.bytesFor(elements) + " bytes, got " + data.byteSize());
        }
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' is already added");
        }
        tensors.add(new PendingTensor(name, type, List.copyOf(dimensions), data));
        return this;
    }

    @Override
    public void writeTo(OutputStream stream) throws IOException {
        LittleEndianOutput out = new LittleEndianOutput(stream);
        out.u32(GgufReader.MAGIC);
        out.u32(3);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (var entry : metadata.entrySet()) {
            out.string(entry.getKey());
            out.u32(entry.getValue().type().id());
            writeValue(out, entry.getValue());
        }
        long offset = 0;
        for (PendingTensor tensor : tensors) {
            out.string(tensor.name());
            out.u32(tensor.dimensions().size());
            for (long dimension : tensor.dimensions()) {
                out.u64(dimension);
            }
            out.u32(tensor.type().id());
            out.u64(offset);
            offset += padded(tensor.data().byteSize());
        }
        if (!tensors.isEmpty()) {
            out.padTo(alignment);
        }
        for (PendingTensor tensor : tensors) {
            out.tensor(tensor.data(), tensor.name());
            out.padTo(alignment);
        }
        stream.flush();
    }

    private long padded(long length) {
        return (length + alignment - 1) / alignment * alignment;
    }

    private static void writeValue(LittleEndianOutput out, GgufValue value) throws IOException {
        switch (value) {
            case GgufValue.UInt8(int v) -> out.u8(v);
            case GgufValue.Int8(byte v) -> out.u8(v);
            case GgufValue.UInt16(int v) -> out.u16(v);
            case GgufValue.Int16(short v) -> out.u16(v);
            case GgufValue.UInt32(long v) -> out.u32(v);
            case GgufValue.Int32(int v) -> out.u32(v);
            case GgufValue.Float32(float v) -> out.f32(v);
            case GgufValue.Bool(boolean v) -> out.u8(v ? 1 : 0);
            case GgufValue.Str(String v) -> out.string(v);
            case GgufValue.UInt64(long v) -> out.u64(v);
            case GgufValue.Int64(long v) -> out.u64(v);
            case GgufValue.Float64(double v) -> out.f64(v);
            case GgufValue.Array(GgufValueType elementType, List<GgufValue> elements) -> {
                out.u32(elementType.id());
                out.u64(elements.size());
                for (GgufValue element : elements) {
                    writeValue(out, element);
                }
            }
        }
    }

    private static int nesting(GgufValue value) {
        if (!(value instanceof GgufValue.Array(GgufValueType ignored, List<GgufValue> elements))) {
            return 0;
        }
        int deepest = 0;
        for (GgufValue element : elements) {
            deepest = Math.max(deepest, nesting(element));
        }
        return 1 + deepest;
    }

    private static int checkedAlignment(GgufValue value) {
        if (value instanceof GgufValue.UInt32(long alignment)
                && Long.bitCount(alignment) == 1
                && alignment <= GgufReader.MAX_ALIGNMENT) {
            return (int) alignment;
        }
        throw new IllegalArgumentException(
                GgufReader.ALIGNMENT_KEY + " must be a UINT32 power of two up to 2^30, got " + value);
    }

    private record PendingTensor(String name, GgmlType type, List<Long> dimensions, TensorData data) {}
}
