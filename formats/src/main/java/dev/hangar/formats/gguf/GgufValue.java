package dev.hangar.formats.gguf;

import java.util.List;

/**
 * One GGUF metadata value, typed exactly as stored so that a file can be written back unchanged. Unsigned types
 * widen to the next Java type except {@link UInt64}, whose long holds the raw 64 bits.
 */
public sealed interface GgufValue {

    GgufValueType type();

    /** An unsigned byte, 0..255. */
    record UInt8(int value) implements GgufValue {
        public UInt8 {
            checkRange(value, 0, 0xFF, "uint8");
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.UINT8;
        }
    }

    /** A signed byte. */
    record Int8(byte value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.INT8;
        }
    }

    /** An unsigned 16-bit integer, 0..65535. */
    record UInt16(int value) implements GgufValue {
        public UInt16 {
            checkRange(value, 0, 0xFFFF, "uint16");
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.UINT16;
        }
    }

    /** A signed 16-bit integer. */
    record Int16(short value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.INT16;
        }
    }

    /** An unsigned 32-bit integer, 0..4294967295. */
    record UInt32(long value) implements GgufValue {
        public UInt32 {
            checkRange(value, 0, 0xFFFF_FFFFL, "uint32");
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.UINT32;
        }
    }

    /** A signed 32-bit integer. */
    record Int32(int value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.INT32;
        }
    }

    /** An unsigned 64-bit integer; {@code value} holds its bits, so values above 2^63-1 read as negative longs. */
    record UInt64(long value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.UINT64;
        }
    }

    /** A signed 64-bit integer. */
    record Int64(long value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.INT64;
        }
    }

    /** An IEEE binary32 float. */
    record Float32(float value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.FLOAT32;
        }
    }

    /** An IEEE binary64 float. */
    record Float64(double value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.FLOAT64;
        }
    }

    /** A boolean; any non-zero byte reads as true. */
    record Bool(boolean value) implements GgufValue {
        @Override
        public GgufValueType type() {
            return GgufValueType.BOOL;
        }
    }

    /** A UTF-8 string. */
    record Str(String value) implements GgufValue {
        public Str {
            if (value == null) {
                throw new IllegalArgumentException("string value is null");
            }
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.STRING;
        }
    }

    /**
     * An array whose elements all have {@code elementType}; elements of an array of arrays may differ inside. The
     * elements are an immutable list; those of an array read from a file are decoded each time they are accessed.
     */
    record Array(GgufValueType elementType, List<GgufValue> elements) implements GgufValue {
        public Array {
            // Elements read from a file are immutable and checked already; copying them would decode them all.
            if (!(elements instanceof EncodedElements encoded && encoded.elementType() == elementType)) {
                elements = List.copyOf(elements);
                for (GgufValue element : elements) {
                    if (element.type() != elementType) {
                        throw new IllegalArgumentException(
                                "array of " + elementType + " holds an element of type " + element.type());
                    }
                }
            }
        }

        @Override
        public GgufValueType type() {
            return GgufValueType.ARRAY;
        }
    }

    private static void checkRange(long value, long min, long max, String typeName) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " is out of range for " + typeName);
        }
    }
}
