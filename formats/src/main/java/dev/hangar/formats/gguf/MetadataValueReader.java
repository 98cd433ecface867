package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads GGUF metadata values (scalars, strings, arrays of arrays), checking every length against the bytes left and
 * the caps in {@link GgufReader} before allocating, and keeping a budget of array elements across the whole file.
 */
final class MetadataValueReader {
    private static final String STRING_VALUE = "string value";
    private static final String STRING_VALUE_LENGTH = STRING_VALUE + " length";

    private final BoundedChannelInput in;
    private long arrayElementsLeft = GgufReader.MAX_ARRAY_ELEMENTS_PER_FILE;

    MetadataValueReader(BoundedChannelInput in) {
        this.in = in;
    }

    GgufValueType readType(String what) throws IOException {
        long start = in.position();
        long id = in.u32(what);
        return GgufValueType.fromId(id, "byte offset " + start + ", " + in.section());
    }

    /** Reads a top-level value of {@code type}. */
    GgufValue readValue(GgufValueType type) throws IOException {
        return readValue(type, 0);
    }

    private GgufValue readValue(GgufValueType type, int nesting) throws IOException {
        return switch (type) {
            case UINT8 -> new GgufValue.UInt8(in.u8("uint8 value"));
            case INT8 -> new GgufValue.Int8(in.i8("int8 value"));
            case UINT16 -> new GgufValue.UInt16(in.u16("uint16 value"));
            case INT16 -> new GgufValue.Int16(in.i16("int16 value"));
            case UINT32 -> new GgufValue.UInt32(in.u32("uint32 value"));
            case INT32 -> new GgufValue.Int32(in.i32("int32 value"));
            case FLOAT32 -> new GgufValue.Float32(in.f32("float32 value"));
            case BOOL -> new GgufValue.Bool(in.u8("bool value") != 0);
            case STRING -> new GgufValue.Str(readString(STRING_VALUE, GgufReader.MAX_STRING_BYTES));
            case UINT64 -> new GgufValue.UInt64(in.i64("uint64 value"));
            case INT64 -> new GgufValue.Int64(in.i64("int64 value"));
            case FLOAT64 -> new GgufValue.Float64(in.f64("float64 value"));
            case ARRAY -> readArray(nesting + 1);
        };
    }

    private GgufValue.Array readArray(int nesting) throws IOException {
        long start = in.position();
        if (nesting > GgufReader.MAX_ARRAY_NESTING) {
            throw in.invalid("arrays are nested deeper than " + GgufReader.MAX_ARRAY_NESTING + " levels");
        }
        GgufValueType elementType = readType("array element type");
        long length = in.i64("array length");
        String problem = null;
        if (length < 0 || length > GgufReader.MAX_ARRAY_LENGTH) {
            problem = "array length " + Long.toUnsignedString(length) + " exceeds the limit of "
                    + GgufReader.MAX_ARRAY_LENGTH;
        } else if (length > in.remaining() / elementType.minEncodedBytes()) {
            problem = "array of " + length + " " + elementType + " elements cannot fit in the " + in.remaining()
                    + " bytes left in the file";
        } else if (length > arrayElementsLeft) {
            problem = "metadata arrays hold more than " + GgufReader.MAX_ARRAY_ELEMENTS_PER_FILE + " elements in total";
        }
        if (problem != null) {
            throw InvalidModelFile.at(start, in.section(), problem);
        }
        arrayElementsLeft -= length;
        if (length == 0) {
            return new GgufValue.Array(elementType, List.of());
        }
        return switch (elementType) {
            case ARRAY -> readArrays((int) length, nesting);
            case STRING -> readStrings((int) length);
            default -> readScalars(elementType, (int) length);
        };
    }

    /** Arrays of arrays are rare and small, so the outer one is decoded at once; its elements are read as usual. */
    private GgufValue.Array readArrays(int length, int nesting) throws IOException {
        List<GgufValue> elements = new ArrayList<>(Math.min(length, 4096));
        for (int i = 0; i < length; i++) {
            elements.add(readValue(GgufValueType.ARRAY, nesting));
        }
        return new GgufValue.Array(GgufValueType.ARRAY, elements);
    }

    /** Checks every length now, so that decoding the strings later cannot fail. */
    private GgufValue.Array readStrings(int length) throws IOException {
        long start = in.position();
        long[] strideStarts = new long[(length + EncodedStrings.STRIDE - 1) / EncodedStrings.STRIDE];
        int next = 0;
        while (next < length) {
            next = in.skipStringsInChunk(next, length, GgufReader.MAX_STRING_BYTES, strideStarts);
            if (next < length) {
                // A string across chunks, after the file's last chunk, or with a bad length.
                if (next % EncodedStrings.STRIDE == 0) {
                    strideStarts[next / EncodedStrings.STRIDE] = in.position();
                }
                in.skip(readStringLength(STRING_VALUE, STRING_VALUE_LENGTH, GgufReader.MAX_STRING_BYTES), STRING_VALUE);
                next++;
            }
        }
        HeaderBytes bytes = in.bytesSince(start, STRING_VALUE);
        return new GgufValue.Array(GgufValueType.STRING, new EncodedStrings(bytes, strideStarts, length));
    }

    /** The caller has checked that {@code length} elements fit in what is left of the file. */
    private GgufValue.Array readScalars(GgufValueType elementType, int length) throws IOException {
        long start = in.position();
        String what = elementType.name().toLowerCase(Locale.ROOT) + " value";
        in.skip((long) length * elementType.minEncodedBytes(), what);
        HeaderBytes bytes = in.bytesSince(start, what);
        return new GgufValue.Array(elementType, new EncodedScalars(elementType, bytes, start, length));
    }

    /** Decodes as {@link HeaderBytes#utf8} does. */
    String readString(String what, long maxBytes) throws IOException {
        return in.utf8(readStringLength(what, what + " length", maxBytes), what);
    }

    /**
     * Reads a string's length and checks that it is within {@code maxBytes} and the file. The caller names the length
     * field, so that a vocabulary scan does not build that name for every string.
     */
    private int readStringLength(String what, String lengthField, long maxBytes) throws IOException {
        long start = in.position();
        long length = in.i64(lengthField);
        if (length < 0 || length > maxBytes) {
            throw InvalidModelFile.at(
                    start,
                    in.section(),
                    what + " length " + Long.toUnsignedString(length) + " exceeds the limit of " + maxBytes + " bytes");
        }
        if (length > in.remaining()) {
            throw InvalidModelFile.at(
                    start,
                    in.section(),
                    what + " length " + length + " runs past the end of the file (" + in.remaining() + " bytes left)");
        }
        return (int) length;
    }
}
