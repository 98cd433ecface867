package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Reads the header of a GGUF v2/v3 file (metadata and tensor infos) without touching the tensor data, and validates
 * every count, length and offset against the file size and fixed caps before allocating, so hostile files fail fast
 * with an {@link InvalidModelFile} instead of exhausting memory. Layout: ggml's {@code gguf.cpp}.
 */
public final class GgufReader {
    /** "GGUF" read as a little-endian u32. */
    static final int MAGIC = 0x46554747;

    public static final int DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";

    /** The reference reader's cap on one string. */
    static final long MAX_STRING_BYTES = 1L << 30;
    /** The reference reader's cap on one array. */
    static final long MAX_ARRAY_LENGTH = 1L << 30;
    /** The reference reader refuses any nesting; we read a few levels so that our own writer's output reads back. */
    static final int MAX_ARRAY_NESTING = 8;
    /**
     * Array elements across the whole header: a large vocabulary holds one to two million (tokens, scores, types,
     * merges), and the cap keeps a hostile file's elements, once a caller decodes them all, to about 200 MB of heap.
     */
    static final long MAX_ARRAY_ELEMENTS_PER_FILE = 1L << 23;
    /** Real models hold at most tens of thousands of tensors. */
    static final long MAX_TENSOR_COUNT = 1L << 20;
    /** Real models hold a few dozen keys. */
    static final long MAX_KV_COUNT = 1L << 20;
    /** ggml's GGML_MAX_NAME is 64 including the terminating NUL. */
    static final int MAX_TENSOR_NAME_BYTES = 63;
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMENSIONS = 4;
    /** Keeps the alignment an int; real files use 32. */
    static final long MAX_ALIGNMENT = 1L << 30;

    /** An empty key is refused, so a kv pair takes at least: key length, one key byte, type tag, one value byte. */
    private static final int MIN_KV_BYTES = 8 + 1 + 4 + 1;
    /** Name length, one name byte, dimension count, type and offset. */
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 4 + 8;

    private final BoundedChannelInput in;
    private final MetadataValueReader values;

    private GgufReader(BoundedChannelInput in) {
        this.in = in;
        this.values = new MetadataValueReader(in);
    }

    public static GgufFile read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(channel);
        }
    }

    /** Reads the GGUF file that starts at byte 0 of {@code channel}; the channel is left open. */
    public static GgufFile read(SeekableByteChannel channel) throws IOException {
        return new GgufReader(new BoundedChannelInput(channel)).readFile();
    }

    private GgufFile readFile() throws IOException {
        int version = readMagicAndVersion();
        long tensorCount = readCount("tensor count", MAX_TENSOR_COUNT, MIN_TENSOR_INFO_BYTES);
        long kvCount = readCount("metadata entry count", MAX_KV_COUNT, MIN_KV_BYTES);
        SequencedMap<String, GgufValue> metadata = readMetadata(kvCount);
        int alignment = alignmentOf(metadata);
        List<PendingTensor> pending = readTensorInfos(tensorCount);
        long dataStart = tensorCount == 0 ? in.position() : alignUp(in.position(), alignment);
        List<GgufTensorInfo> tensors = place(pending, alignment, dataStart, in.size());
        return new GgufFile(version, metadata, tensors, alignment, dataStart, in.size());
    }

    private int readMagicAndVersion() throws IOException {
        in.section("file header");
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw InvalidModelFile.at(
                    0,
                    "file header",
                    "not a GGUF file: magic is 0x%08X, expected 0x%08X ('GGUF')"
                            .formatted(Integer.reverseBytes(magic), Integer.reverseBytes(MAGIC)));
        }
        long version = in.u32("version");
        String problem;
        if (version == 0) {
            problem = "GGUF version 0 is invalid";
        } else if ((version & 0xFFFF) == 0) {
            problem = "big-endian GGUF files are not supported (version field reads 0x%08X)".formatted(version);
        } else if (version == 1) {
            problem = "GGUF version 1 is no longer supported; convert the file to version 3";
        } else if (version > 3) {
            problem = "GGUF version " + version + " is newer than the supported versions 2 and 3";
        } else {
            return (int) version;
        }
        throw InvalidModelFile.at(4, "file header", problem);
    }

    private long readCount(String what, long max, int minBytesEach) throws IOException {
        long start = in.position();
        long count = in.i64(what);
        String problem = null;
        if (count < 0) {
            problem = what + " " + Long.toUnsignedString(count) + " is out of range";
        } else if (count > max) {
            problem = what + " " + count + " exceeds the limit of " + max;
        } else if (count > in.remaining() / minBytesEach) {
            problem = what + " " + count + " cannot fit in the " + in.remaining() + " bytes left in the file";
        }
        if (problem != null) {
            throw InvalidModelFile.at(start, "file header", problem);
        }
        return count;
    }

    private SequencedMap<String, GgufValue> readMetadata(long kvCount) throws IOException {
        SequencedMap<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            in.section("metadata entry #" + i);
            long keyStart = in.position();
            String key = values.readString("metadata key", MAX_STRING_BYTES);
            if (key.isEmpty()) {
                throw InvalidModelFile.at(keyStart, in.section(), "metadata key is empty");
            }
            in.section("metadata key '" + key + "'");
            if (metadata.containsKey(key)) {
                throw InvalidModelFile.at(keyStart, in.section(), "metadata key '" + key + "' appears twice");
            }
            metadata.put(key, values.readValue(values.readType("value type")));
        }
        return metadata;
    }

    private static int alignmentOf(SequencedMap<String, GgufValue> metadata) {
        GgufValue value = metadata.get(ALIGNMENT_KEY);
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        String where = "metadata key '" + ALIGNMENT_KEY + "'";
        if (!(value instanceof GgufValue.UInt32(long alignment))) {
            throw new InvalidModelFile(ALIGNMENT_KEY + " must be a UINT32, found " + value.type(), where);
        }
        if (alignment == 0 || Long.bitCount(alignment) != 1 || alignment > MAX_ALIGNMENT) {
            throw new InvalidModelFile(
                    ALIGNMENT_KEY + " " + alignment + " is not a power of two up to " + MAX_ALIGNMENT, where);
        }
        return (int) alignment;
    }

    private List<PendingTensor> readTensorInfos(long tensorCount) throws IOException {
        List<PendingTensor> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tensorCount; i++) {
            in.section("tensor info #" + i);
            long start = in.position();
            String name = values.readString("tensor name", MAX_TENSOR_NAME_BYTES);
            if (name.isEmpty()) {
                throw InvalidModelFile.at(start, in.section(), "tensor name is empty");
            }
            in.section("tensor info #" + i + " '" + name + "'");
            if (!names.add(name)) {
                throw InvalidModelFile.at(start, in.section(), "tensor name '" + name + "' appears twice");
            }
            tensors.add(readTensorInfo(name, start));
        }
        return tensors;
    }

    private PendingTensor readTensorInfo(String name, long infoStart) throws IOException {
        long dimensionCount = in.u32("dimension count");
        if (dimensionCount > MAX_DIMENSIONS) {
            throw in.invalid(
                    "tensor has " + dimensionCount + " dimensions, more than the " + MAX_DIMENSIONS + " ggml allows");
        }
        List<Long> dimensions = new ArrayList<>(MAX_DIMENSIONS);
        for (int d = 0; d < dimensionCount; d++) {
            long dimension = in.i64("dimension");
            if (dimension < 0) {
                throw in.invalid("dimension " + d + " is negative (" + dimension + ")");
            }
            dimensions.add(dimension);
        }
        long typeStart = in.position();
        GgmlType type = GgmlType.fromId(in.i32("tensor type"), "byte offset " + typeStart + ", " + in.section());
        long offset = in.i64("tensor offset");
        if (offset < 0) {
            throw in.invalid("tensor offset " + Long.toUnsignedString(offset) + " is beyond any file");
        }
        long elementCount = elementCount(dimensions, infoStart);
        // Missing dimensions count as 1, so a scalar's innermost dimension is 1 and only unblocked types hold one.
        long innermost = dimensions.isEmpty() ? 1 : dimensions.getFirst();
        if (innermost % type.blockSize() != 0) {
            throw InvalidModelFile.at(
                    infoStart,
                    in.section(),
                    "innermost dimension " + innermost + " is not a multiple of the " + type + " block size "
                            + type.blockSize());
        }
        long byteSize;
        try {
            byteSize = type.bytesFor(elementCount);
        } catch (ArithmeticException overflow) {
            throw InvalidModelFile.at(infoStart, in.section(), "tensor byte size overflows a 64-bit integer");
        }
        return new PendingTensor(name, dimensions, type, offset, elementCount, byteSize, infoStart, in.section());
    }

    private long elementCount(List<Long> dimensions, long infoStart) {
        long count = 1;
        for (long dimension : dimensions) {
            try {
                count = Math.multiplyExact(count, dimension);
            } catch (ArithmeticException overflow) {
                throw InvalidModelFile.at(
                        infoStart,
                        in.section(),
                        "tensor dimensions " + dimensions + " overflow a 64-bit element count");
            }
        }
        return count;
    }

    private static List<GgufTensorInfo> place(
            List<PendingTensor> pending, int alignment, long dataStart, long fileSize) {
        List<GgufTensorInfo> tensors = new ArrayList<>(pending.size());
        for (PendingTensor tensor : pending) {
            tensors.add(tensor.place(alignment, dataStart, fileSize));
        }
        List<PendingTensor> byOffset = new ArrayList<>(pending);
        byOffset.sort(Comparator.comparingLong(PendingTensor::relativeOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            PendingTensor previous = byOffset.get(i - 1);
            PendingTensor current = byOffset.get(i);
            if (current.relativeOffset() < previous.relativeOffset() + previous.byteSize()) {
                throw InvalidModelFile.at(
                        current.infoStart(),
                        current.section(),
                        "tensor data at relative offset " + current.relativeOffset() + " overlaps tensor '"
                                + previous.name() + "', which ends at relative offset "
                                + (previous.relativeOffset() + previous.byteSize()));
            }
        }
        return tensors;
    }

    private static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    /** A tensor info as read, before the data section start is known. */
    private record PendingTensor(
            String name,
            List<Long> dimensions,
            GgmlType type,
            long relativeOffset,
            long elementCount,
            long byteSize,
            long infoStart,
            String section) {

        GgufTensorInfo place(int alignment, long dataStart, long fileSize) {
            if (relativeOffset % alignment != 0) {
                throw invalid("tensor offset " + relativeOffset + " is not a multiple of the alignment " + alignment);
            }
            // Both offsets are at most Long.MAX_VALUE, so the sums cannot wrap past zero into a plausible value.
            long start = dataStart + relativeOffset;
            long end = start + byteSize;
            if (start < 0 || end < 0 || end > fileSize) {
                throw invalid("tensor data [" + Long.toUnsignedString(start) + ", " + Long.toUnsignedString(end)
                        + ") runs past the end of the file at byte " + fileSize);
            }
            return new GgufTensorInfo(name, dimensions, type, relativeOffset, start, elementCount, byteSize);
        }

        private InvalidModelFile invalid(String problem) {
            return InvalidModelFile.at(infoStart, section, problem);
        }
    }
}
