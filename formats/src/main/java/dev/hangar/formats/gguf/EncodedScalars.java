package dev.hangar.formats.gguf;

import java.util.Objects;

/** Array elements of a fixed-width type (numbers and booleans), stored back to back and decoded on access. */
final class EncodedScalars extends EncodedElements {
    private final HeaderBytes bytes;
    private final long start;
    private final int width;

    /** @param start where the first element lies in the file; {@code bytes} must hold all {@code size} of them */
    EncodedScalars(GgufValueType elementType, HeaderBytes bytes, long start, int size) {
        super(elementType, size);
        if (!elementType.hasFixedWidth()) {
            throw new IllegalArgumentException(elementType + " values have no fixed width");
        }
        this.bytes = bytes;
        this.start = start;
        this.width = elementType.minEncodedBytes();
    }

    @Override
    public GgufValue get(int index) {
        long at = start + (long) Objects.checkIndex(index, size()) * width;
        return switch (elementType()) {
            case UINT8 -> new GgufValue.UInt8(Byte.toUnsignedInt(bytes.i8(at)));
            case INT8 -> new GgufValue.Int8(bytes.i8(at));
            case UINT16 -> new GgufValue.UInt16(Short.toUnsignedInt(bytes.i16(at)));
            case INT16 -> new GgufValue.Int16(bytes.i16(at));
            case UINT32 -> new GgufValue.UInt32(Integer.toUnsignedLong(bytes.i32(at)));
            case INT32 -> new GgufValue.Int32(bytes.i32(at));
            case FLOAT32 -> new GgufValue.Float32(Float.intBitsToFloat(bytes.i32(at)));
            case BOOL -> new GgufValue.Bool(bytes.i8(at) != 0);
            case UINT64 -> new GgufValue.UInt64(bytes.i64(at));
            case INT64 -> new GgufValue.Int64(bytes.i64(at));
            case FLOAT64 -> new GgufValue.Float64(Double.longBitsToDouble(bytes.i64(at)));
            case STRING, ARRAY -> throw new AssertionError("the constructor refuses " + elementType());
        };
    }
}
