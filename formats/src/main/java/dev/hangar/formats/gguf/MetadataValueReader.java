package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads GGUF metadata values (scalars, strings, arrays of arrays), checking every length against the bytes left and
 * the caps in {@link GgufReader} before allocating, and keeping a budget of array elements across the whole file.
 */
final class MetadataValueReader {
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
            case STRING -> new GgufValue.Str(readString("string value", GgufReader.MAX_STRING_BYTES));
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
        List<GgufValue> elements = new ArrayList<>((int) Math.min(length, 4096));
        for (long i = 0; i < length; i++) {
            elements.add(readValue(elementType, nesting));
        }
        return new GgufValue.Array(elementType, elements);
    }

    /**
     * Decodes leniently (malformed sequences become U+FFFD) because some real vocabularies store partial UTF-8 byte
     * sequences as tokens; refusing them would refuse models that llama.cpp loads.
     */
    String readString(String what, long maxBytes) throws IOException {
        long start = in.position();
        long length = in.i64(what + " length");
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
        return new String(in.bytes(length, what), StandardCharsets.UTF_8);
    }
}
