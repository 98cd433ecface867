package dev.hangar.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.hangar.formats.InMemoryChannel;
import dev.hangar.formats.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

    @Test
    void tensorsAndMetadataRoundTrip(@TempDir Path dir) throws IOException {
        byte[] embed = filled(4 * 3 * 2, 1);
        byte[] norm = filled(8, 2);
        byte[] scalar = filled(8, 3);
        Path path = dir.resolve("model.safetensors");
        new SafetensorsWriter()
                .putMetadata("format", "pt")
                .putMetadata("quote \" and \\ and \n", "ü")
                .addTensor("model.embed_tokens.weight", SafetensorsDtype.F16, List.of(4L, 3L), embed)
                .addTensor("model.norm.weight", SafetensorsDtype.F32, List.of(2L), norm)
                .addTensor("step", SafetensorsDtype.I64, List.of(), scalar)
                .addTensor("empty", SafetensorsDtype.BF16, List.of(0L, 5L), new byte[0])
                .writeTo(path);

        SafetensorsFile file = SafetensorsReader.read(path);

        assertThat(file.metadata()).containsExactly(entry("format", "pt"), entry("quote \" and \\ and \n", "ü"));
        assertThat(file.tensors())
                .extracting(SafetensorsTensor::name, SafetensorsTensor::dtype, SafetensorsTensor::shape)
                .containsExactly(
                        tuple("model.embed_tokens.weight", SafetensorsDtype.F16, List.of(4L, 3L)),
                        tuple("model.norm.weight", SafetensorsDtype.F32, List.of(2L)),
                        tuple("step", SafetensorsDtype.I64, List.of()),
                        tuple("empty", SafetensorsDtype.BF16, List.of(0L, 5L)));
        assertThat(file.dataStart() % 8).as("header padded to 8 bytes").isZero();
        try (FileChannel channel = FileChannel.open(path)) {
            assertThat(bytesOf(channel, file.tensors().get(0))).isEqualTo(embed);
            assertThat(bytesOf(channel, file.tensors().get(1))).isEqualTo(norm);
            assertThat(bytesOf(channel, file.tensors().get(2))).isEqualTo(scalar);
        }
    }

    @Test
    void headerIsLittleEndianLengthThenJson() throws IOException {
        byte[] bytes = new SafetensorsWriter()
                .addTensor("x", SafetensorsDtype.U8, List.of(1L), new byte[] {7})
                .toByteArray();

        long headerLength =
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header.strip()).isEqualTo("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}");
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 7);
    }

    @Test
    void streamedTensorBytesFollowTheHeaderInOrder() throws IOException {
        byte[] first = filled(4, 4);
        byte[] second = filled(6, 5);
        byte[] bytes = new SafetensorsWriter()
                .addTensor("first", SafetensorsDtype.F32, List.of(1L), TensorData.streamed(4, out -> out.write(first)))
                .addTensor("second", SafetensorsDtype.F16, List.of(3L), second)
                .toByteArray();

        SafetensorsFile file = SafetensorsReader.read(new InMemoryChannel(bytes));

        assertThat(file.tensors()).extracting(SafetensorsTensor::byteSize).containsExactly(4L, 6L);
        byte[] data = Arrays.copyOfRange(bytes, (int) file.dataStart(), bytes.length);
        assertThat(data).startsWith(first).endsWith(second);
    }

    @Test
    void fileWithoutTensorsReadsBack() throws IOException {
        SafetensorsFile file = SafetensorsReader.read(new InMemoryChannel(new SafetensorsWriter().toByteArray()));

        assertThat(file.tensors()).isEmpty();
        assertThat(file.metadata()).isEmpty();
    }

    @Test
    void dataThatDoesNotMatchDtypeAndShapeIsRefused() {
        assertThatThrownBy(() -> new SafetensorsWriter().addTensor("x", SafetensorsDtype.F32, List.of(2L), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 8 bytes, got 4");
    }

    @Test
    void reservedMetadataNameIsRefusedAsATensorName() {
        assertThatThrownBy(() ->
                        new SafetensorsWriter().addTensor("__metadata__", SafetensorsDtype.U8, List.of(), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 13 + i);
        }
        return bytes;
    }

    private static byte[] bytesOf(FileChannel channel, SafetensorsTensor tensor) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) tensor.byteSize());
        channel.read(buffer, tensor.absoluteOffset());
        return buffer.array();
    }
}
