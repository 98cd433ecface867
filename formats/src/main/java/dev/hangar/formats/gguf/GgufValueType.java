package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;

/** The type tags of GGUF metadata values, as stored before each value (and each array's element type). */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    STRING(8, 8),
    ARRAY(9, 12),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int minEncodedBytes;

    GgufValueType(int id, int minEncodedBytes) {
        this.id = id;
        this.minEncodedBytes = minEncodedBytes;
    }

    public int id() {
        return id;
    }

    /**
     * The fewest bytes one value of this type can take in a file (an empty string is its 8-byte length, an empty
     * array its element type and count). Readers multiply it by a claimed element count to refuse impossible counts
     * before allocating anything.
     */
    public int minEncodedBytes() {
        return minEncodedBytes;
    }

    /** Whether every value of this type takes {@link #minEncodedBytes()}: all but strings and arrays. */
    boolean hasFixedWidth() {
        return this != STRING && this != ARRAY;
    }

    /**
     * The type for a tag read from a file.
     *
     * @throws InvalidModelFile naming the tag and {@code location} when it is unknown
     */
    public static GgufValueType fromId(long id, String location) {
        if (id < 0 || id >= BY_ID.length) {
            throw new InvalidModelFile("unknown metadata value type " + id, location);
        }
        return BY_ID[(int) id];
    }
}
