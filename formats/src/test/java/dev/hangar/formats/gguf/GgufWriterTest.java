package dev.hangar.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.InMemoryChannel;
import dev.hangar.formats.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {

    private static final Map<String, GgufValue> EVERY_VALUE_TYPE = everyValueType();

    @Test
    void everyMetadataValueTypeRoundTrips() throws IOException {
        GgufWriter writer = new GgufWriter();
        EVERY_VALUE_TYPE.forEach(writer::put);

        GgufFile file = GgufReader.read(new InMemoryChannel(writer.toByteArray()));

        assertThat(file.version()).isEqualTo(3);
        assertThat(file.metadata()).containsExactlyEntriesOf(EVERY_VALUE_TYPE);
    }

    @Test
    void tensorsRoundTripWithAlignedOffsetsAndTheirBytes(@TempDir Path dir) throws IOException {
        byte[] first = bytes(12, 1);
        byte[] second = bytes(2 * 34, 2);
        byte[] third = bytes(2, 3);
        Path path = dir.resolve("model.gguf");
        new GgufWriter()
                .put("general.architecture", new GgufValue.Str("llama"))
                .addTensor("a", GgmlType.F32, List.of(3L), first)
                .addTensor("b", GgmlType.Q8_0, List.of(32L, 2L), second)
                .addTensor("c", GgmlType.BF16, List.of(1L, 1L, 1L, 1L), third)
                .writeTo(path);

        GgufFile file = GgufReader.read(path);

        assertThat(file.tensors()).extracting(GgufTensorInfo::name).containsExactly("a", "b", "c");
        assertThat(file.tensors())
                .extracting(GgufTensorInfo::dimensions)
                .containsExactly(List.of(3L), List.of(32L, 2L), List.of(1L, 1L, 1L, 1L));
        assertThat(file.tensors()).allSatisfy(tensor -> {
            assertThat(tensor.relativeOffset() % 32).isZero();
            assertThat(tensor.absoluteOffset() % 32).isZero();
        });
        assertThat(file.fileSize() % 32).as("the last tensor is padded too").isZero();
        try (FileChannel channel = FileChannel.open(path)) {
            assertThat(tensorBytes(channel, file.tensors().get(0))).isEqualTo(first);
            assertThat(tensorBytes(channel, file.tensors().get(1))).isEqualTo(second);
            assertThat(tensorBytes(channel, file.tensors().get(2))).isEqualTo(third);
        }
    }

    @Test
    void customAlignmentIsWrittenAndHonoured() throws IOException {
        byte[] encoded = new GgufWriter()
                .put(GgufReader.ALIGNMENT_KEY, new GgufValue.UInt32(64))
                .addTensor("a", GgmlType.F32, List.of(1L), bytes(4, 1))
                .addTensor("b", GgmlType.F32, List.of(1L), bytes(4, 2))
                .toByteArray();

        GgufFile file = GgufReader.read(new InMemoryChannel(encoded));

        assertThat(file.alignment()).isEqualTo(64);
        assertThat(file.dataStart() % 64).isZero();
        assertThat(file.tensors()).extracting(GgufTensorInfo::relativeOffset).containsExactly(0L, 64L);
    }

    @Test
    void alignmentThatIsNotAPowerOfTwoIsRefused() {
        assertThatThrownBy(() -> new GgufWriter().put(GgufReader.ALIGNMENT_KEY, new GgufValue.UInt32(48)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }

    @Test
    void tensorDataOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> new GgufWriter().addTensor("a", GgmlType.Q4_0, List.of(32L), new byte[17]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 18 bytes, got 17");
    }

    @Test
    void streamedTensorBytesLandWhereTheTensorInfoPoints(@TempDir Path dir) throws IOException {
        byte[] streamed = bytes(34 * 3, 5);
        Path path = dir.resolve("model.gguf");
        new GgufWriter()
                .addTensor("a", GgmlType.F32, List.of(1L), bytes(4, 4))
                .addTensor("b", GgmlType.Q8_0, List.of(32L, 3L), TensorData.streamed(streamed.length, out -> {
                    for (int row = 0; row < 3; row++) {
                        out.write(streamed, row * 34, 34);
                    }
                }))
                .writeTo(path);

        GgufFile file = GgufReader.read(path);

        try (FileChannel channel = FileChannel.open(path)) {
            assertThat(tensorBytes(channel, file.tensors().get(1))).isEqualTo(streamed);
        }
    }

    @Test
    void producerThatWritesFewerBytesThanDeclaredFailsTheWrite() {
        GgufWriter writer =
                new GgufWriter().addTensor("a", GgmlType.F32, List.of(2L), TensorData.streamed(8, out -> out.write(1)));

        assertThatThrownBy(writer::toByteArray)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tensor 'a' declared 8 bytes but its producer wrote 1");
    }

    @Test
    void duplicateTensorNamesAreRefused() {
        GgufWriter writer = new GgufWriter().addTensor("a", GgmlType.F32, List.of(1L), new byte[4]);

        assertThatThrownBy(() -> writer.addTensor("a", GgmlType.F32, List.of(1L), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already added");
    }

    @Test
    void tensorNamesLongerThanGgmlAllowsAreRefused() {
        assertThatThrownBy(() -> new GgufWriter().addTensor("n".repeat(64), GgmlType.F32, List.of(1L), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 63 UTF-8 bytes");
    }

    @Test
    void arraysNestedDeeperThanTheReaderReadsAreRefused() {
        GgufValue value = new GgufValue.Array(GgufValueType.INT32, List.of(new GgufValue.Int32(1)));
        for (int level = 1; level <= GgufReader.MAX_ARRAY_NESTING; level++) {
            value = new GgufValue.Array(GgufValueType.ARRAY, List.of(value));
        }
        GgufValue tooDeep = value;

        assertThatThrownBy(() -> new GgufWriter().put("deep", tooDeep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper than " + GgufReader.MAX_ARRAY_NESTING);
    }

    private static Map<String, GgufValue> everyValueType() {
        GgufValue innerInts = new GgufValue.Array(GgufValueType.INT64, List.of(new GgufValue.Int64(Long.MIN_VALUE)));
        GgufValue innerStrings = new GgufValue.Array(GgufValueType.STRING, List.of(new GgufValue.Str("ü")));
        GgufValue deepest = new GgufValue.Array(GgufValueType.BOOL, List.of(new GgufValue.Bool(false)));
        for (int level = 1; level < GgufReader.MAX_ARRAY_NESTING; level++) {
            deepest = new GgufValue.Array(GgufValueType.ARRAY, List.of(deepest));
        }
        var values = new LinkedHashMap<String, GgufValue>();
        values.put("uint8", new GgufValue.UInt8(255));
        values.put("int8", new GgufValue.Int8(Byte.MIN_VALUE));
        values.put("uint16", new GgufValue.UInt16(65535));
        values.put("int16", new GgufValue.Int16(Short.MIN_VALUE));
        values.put("uint32", new GgufValue.UInt32(4_294_967_295L));
        values.put("int32", new GgufValue.Int32(Integer.MIN_VALUE));
        values.put("float32", new GgufValue.Float32(Float.MIN_VALUE));
        values.put("bool.true", new GgufValue.Bool(true));
        values.put("bool.false", new GgufValue.Bool(false));
        values.put("string", new GgufValue.Str("tokens ✓ 🙂"));
        values.put("string.empty", new GgufValue.Str(""));
        values.put("uint64", new GgufValue.UInt64(-1L));
        values.put("int64", new GgufValue.Int64(Long.MIN_VALUE));
        values.put("float64", new GgufValue.Float64(Math.PI));
        values.put("array.uint8", new GgufValue.Array(GgufValueType.UINT8, List.of(new GgufValue.UInt8(1))));
        values.put(
                "array.float32",
                new GgufValue.Array(
                        GgufValueType.FLOAT32, List.of(new GgufValue.Float32(-1f), new GgufValue.Float32(0.5f))));
        values.put("array.empty", new GgufValue.Array(GgufValueType.UINT64, List.of()));
        values.put("array.nested", new GgufValue.Array(GgufValueType.ARRAY, List.of(innerInts, innerStrings)));
        values.put("array.deepest", deepest);
        return values;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }

    private static byte[] tensorBytes(FileChannel channel, GgufTensorInfo tensor) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) tensor.byteSize());
        channel.read(buffer, tensor.absoluteOffset());
        return buffer.array();
    }
}
