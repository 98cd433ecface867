package dev.hangar.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.InMemoryChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Arrays read from a file are decoded on access: they must be indistinguishable from the eagerly built lists. */
class EncodedElementsTest {

    /** Long enough that the arrays span several chunks and elements straddle chunk boundaries. */
    private static final int LENGTH = 40_000;

    @Test
    void everyElementTypeReadsEqualToTheListWritten() throws IOException {
        Map<String, GgufValue.Array> arrays = new LinkedHashMap<>();
        arrays.put("uint8", array(GgufValueType.UINT8, i -> new GgufValue.UInt8(i & 0xFF)));
        arrays.put("int8", array(GgufValueType.INT8, i -> new GgufValue.Int8((byte) i)));
        arrays.put("uint16", array(GgufValueType.UINT16, i -> new GgufValue.UInt16(i * 7 & 0xFFFF)));
        arrays.put("int16", array(GgufValueType.INT16, i -> new GgufValue.Int16((short) -i)));
        arrays.put("uint32", array(GgufValueType.UINT32, i -> new GgufValue.UInt32(0xFFFF_FFFFL - i)));
        arrays.put("int32", array(GgufValueType.INT32, i -> new GgufValue.Int32(-i * 1_000)));
        arrays.put("float32", array(GgufValueType.FLOAT32, i -> new GgufValue.Float32(i / -3f)));
        arrays.put("bool", array(GgufValueType.BOOL, i -> new GgufValue.Bool(i % 3 == 0)));
        arrays.put("uint64", array(GgufValueType.UINT64, i -> new GgufValue.UInt64(-1L - i)));
        arrays.put("int64", array(GgufValueType.INT64, i -> new GgufValue.Int64(Long.MIN_VALUE + i)));
        arrays.put("float64", array(GgufValueType.FLOAT64, i -> new GgufValue.Float64(i * 1e300)));
        arrays.put("string", array(GgufValueType.STRING, i -> new GgufValue.Str(token(i))));
        GgufWriter writer = new GgufWriter();
        // An odd-length string first, so that no array starts on a chunk or element boundary.
        writer.put("odd", new GgufValue.Str("x".repeat(13)));
        arrays.forEach(writer::put);

        GgufFile file = GgufReader.read(new InMemoryChannel(writer.toByteArray()));

        arrays.forEach((key, written) -> {
            GgufValue.Array read = (GgufValue.Array) file.get(key).orElseThrow();
            assertThat(read.elements()).as(key).isInstanceOf(EncodedElements.class);
            assertThat(read).as(key).isEqualTo(written).hasSameHashCodeAs(written);
            assertThat(written).as(key).isEqualTo(read);
            assertThat(read.elements()).as(key).containsExactlyElementsOf(written.elements());
        });
    }

    @Test
    void anyStringIsFoundWhereverItLiesRelativeToTheIndexStride() throws IOException {
        List<GgufValue> written = new ArrayList<>();
        for (int i = 0; i < 5 * EncodedStrings.STRIDE + 3; i++) {
            written.add(new GgufValue.Str(token(i)));
        }
        List<GgufValue> read = readArray(new GgufValue.Array(GgufValueType.STRING, written));

        for (int i = written.size() - 1; i >= 0; i--) {
            assertThat(read.get(i)).as("string %d", i).isEqualTo(written.get(i));
        }
    }

    @Test
    void stringsLongerThanAChunkAndEmptyOnesReadWhole() throws IOException {
        List<GgufValue> written = List.of(
                new GgufValue.Str(""),
                new GgufValue.Str("é".repeat(HeaderBytes.CHUNK_BYTES)),
                new GgufValue.Str(""),
                new GgufValue.Str("y".repeat(3 * HeaderBytes.CHUNK_BYTES + 5)),
                new GgufValue.Str("last"));

        assertThat(readArray(new GgufValue.Array(GgufValueType.STRING, written)))
                .containsExactlyElementsOf(written);
    }

    @Test
    void malformedUtf8DecodesLenientlyAsTheEagerReaderDid() throws IOException {
        byte[] bytes = GgufBytes.header(3, 0, 1)
                .key("partial", GgufValueType.ARRAY)
                .u32(GgufValueType.STRING.id())
                .u64(2)
                .u64(1)
                .raw(new byte[] {(byte) 0xE2})
                .string("ok")
                .toByteArray();

        GgufValue.Array read = (GgufValue.Array)
                GgufReader.read(new InMemoryChannel(bytes)).get("partial").orElseThrow();

        assertThat(read.elements()).containsExactly(new GgufValue.Str("\uFFFD"), new GgufValue.Str("ok"));
    }

    @Test
    void indicesOutsideTheArrayAreRefused() throws IOException {
        List<GgufValue> strings = readArray(array(GgufValueType.STRING, i -> new GgufValue.Str(token(i))));
        List<GgufValue> numbers = readArray(array(GgufValueType.INT32, GgufValue.Int32::new));

        for (List<GgufValue> elements : List.of(strings, numbers)) {
            assertThatThrownBy(() -> elements.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> elements.get(LENGTH)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void elementsCannotBeChanged() throws IOException {
        List<GgufValue> strings = readArray(array(GgufValueType.STRING, i -> new GgufValue.Str(token(i))));
        List<GgufValue> numbers = readArray(array(GgufValueType.FLOAT32, i -> new GgufValue.Float32(i)));

        for (List<GgufValue> elements : List.of(strings, numbers)) {
            GgufValue first = elements.getFirst();
            assertThatThrownBy(() -> elements.add(first)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> elements.set(0, first)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> elements.remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(elements::clear).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> {
                        var iterator = elements.iterator();
                        iterator.next();
                        iterator.remove();
                    })
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(elements).hasSize(LENGTH);
        }
    }

    @Test
    void elementsKeepTheBytesThatWereCheckedWhenTheSourceChangesLater() throws IOException {
        GgufValue.Array written = array(GgufValueType.STRING, i -> new GgufValue.Str(token(i)));
        byte[] bytes = new GgufWriter().put("tokens", written).toByteArray();
        GgufValue.Array read = (GgufValue.Array)
                GgufReader.read(new InMemoryChannel(bytes)).get("tokens").orElseThrow();

        Arrays.fill(bytes, (byte) 0xFF);

        assertThat(read).isEqualTo(written);
    }

    @Test
    void rewrappingKeepsTheElementsUndecodedAndTheirTypeChecked() throws IOException {
        List<GgufValue> read = readArray(array(GgufValueType.INT16, i -> new GgufValue.Int16((short) i)));

        assertThat(new GgufValue.Array(GgufValueType.INT16, read).elements()).isSameAs(read);
        assertThatThrownBy(() -> new GgufValue.Array(GgufValueType.UINT16, read))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("array of UINT16 holds an element of type INT16");
    }

    @Test
    void readArraysWriteBackByteForByte() throws IOException {
        byte[] original = new GgufWriter()
                .put("tokens", array(GgufValueType.STRING, i -> new GgufValue.Str(token(i))))
                .put("scores", array(GgufValueType.FLOAT32, i -> new GgufValue.Float32(-i)))
                .toByteArray();
        GgufFile file = GgufReader.read(new InMemoryChannel(original));

        GgufWriter copy = new GgufWriter();
        file.metadata().forEach(copy::put);

        assertThat(copy.toByteArray()).isEqualTo(original);
    }

    private static GgufValue.Array array(GgufValueType type, IntFunction<GgufValue> element) {
        List<GgufValue> elements = new ArrayList<>(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            elements.add(element.apply(i));
        }
        return new GgufValue.Array(type, elements);
    }

    /** Lengths vary from 0 to 30 bytes and include two-byte characters, as in a real vocabulary. */
    private static String token(int i) {
        return "Ġ".repeat(i % 4) + "t".repeat(i % 23) + i % 1000;
    }

    private static List<GgufValue> readArray(GgufValue.Array array) throws IOException {
        byte[] bytes = new GgufWriter().put("array", array).toByteArray();
        return ((GgufValue.Array)
                        GgufReader.read(new InMemoryChannel(bytes)).get("array").orElseThrow())
                .elements();
    }
}
