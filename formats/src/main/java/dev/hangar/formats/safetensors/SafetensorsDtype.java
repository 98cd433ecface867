package dev.hangar.formats.safetensors;

import java.util.Arrays;
import java.util.Optional;

/** The element types a safetensors header names in {@code "dtype"}, with their width in bits. */
public enum SafetensorsDtype {
    BOOL(8),
    U8(8),
    I8(8),
    F8_E4M3(8),
    F8_E5M2(8),
    F8_E8M0(8),
    I16(16),
    U16(16),
    F16(16),
    BF16(16),
    I32(32),
    U32(32),
    F32(32),
    F64(64),
    I64(64),
    U64(64),
    C64(64),
    F4(4),
    F6_E2M3(6),
    F6_E3M2(6);

    private final int bits;

    SafetensorsDtype(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /**
     * Bytes that {@code elementCount} elements occupy.
     *
     * @throws IllegalArgumentException if the count is negative or a sub-byte type does not fill whole bytes
     * @throws ArithmeticException if the size does not fit in a long
     */
    public long bytesFor(long elementCount) {
        if (elementCount < 0) {
            throw new IllegalArgumentException("element count " + elementCount + " is negative");
        }
        long totalBits = Math.multiplyExact(elementCount, (long) bits);
        if (totalBits % 8 != 0) {
            throw new IllegalArgumentException(
                    elementCount + " " + name() + " elements do not fill a whole number of bytes");
        }
        return totalBits / 8;
    }

    /** The dtype spelled exactly as in a header. */
    public static Optional<SafetensorsDtype> byName(String name) {
        return Arrays.stream(values())
                .filter(dtype -> dtype.name().equals(name))
                .findFirst();
    }
}
