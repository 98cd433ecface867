package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;
import java.util.Arrays;
import java.util.Optional;

/**
 * The ggml tensor element types that GGUF files store (id as written in tensor infos), with their block geometry.
 * Removed ids (4, 5, 31-33, 36-38) and ids newer than this table are rejected rather than guessed.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    // One e8m0 scale byte plus 16 bytes of packed nibbles; gpt-oss GGUFs use it, so refusing it would refuse them.
    MXFP4(39, 32, 17);

    private static final GgmlType[] BY_ID = indexById();

    private final int id;
    private final int blockSize;
    private final int bytesPerBlock;

    GgmlType(int id, int blockSize, int bytesPerBlock) {
        this.id = id;
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
    }

    /** The id stored in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Elements per block; a tensor's innermost dimension must be a multiple of it. */
    public int blockSize() {
        return blockSize;
    }

    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    /**
     * Bytes that {@code elementCount} elements of this type occupy.
     *
     * @throws IllegalArgumentException if the count is negative or not a whole number of blocks
     * @throws ArithmeticException if the byte count does not fit in a long
     */
    public long bytesFor(long elementCount) {
        if (elementCount < 0) {
            throw new IllegalArgumentException("element count " + elementCount + " is negative");
        }
        if (elementCount % blockSize != 0) {
            throw new IllegalArgumentException(
                    elementCount + " elements are not a whole number of " + name() + " blocks of " + blockSize);
        }
        return Math.multiplyExact(elementCount / blockSize, (long) bytesPerBlock);
    }

    /** The type for an id, if this table knows it. */
    public static Optional<GgmlType> byId(long id) {
        if (id < 0 || id >= BY_ID.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_ID[(int) id]);
    }

    /**
     * The type for an id read from a file.
     *
     * @throws InvalidModelFile naming the id and {@code location} when the id is unknown
     */
    public static GgmlType fromId(long id, String location) {
        return byId(id).orElseThrow(() -> new InvalidModelFile("unknown ggml tensor type id " + id, location));
    }

    private static GgmlType[] indexById() {
        int maxId = Arrays.stream(values()).mapToInt(GgmlType::id).max().orElseThrow();
        GgmlType[] byId = new GgmlType[maxId + 1];
        for (GgmlType type : values()) {
            byId[type.id] = type;
        }
        return byId;
    }
}
