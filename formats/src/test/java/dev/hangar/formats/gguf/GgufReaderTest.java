package dev.hangar.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hangar.formats.InMemoryChannel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderTest {

    @Test
    void readsEveryMetadataValueTypeInFileOrder() throws IOException {
        GgufBytes bytes = GgufBytes.header(3, 0, 14);
        bytes.key("u8", GgufValueType.UINT8).u8(200);
        bytes.key("i8", GgufValueType.INT8).u8(0xFE);
        bytes.key("u16", GgufValueType.UINT16).u16(60000);
        bytes.key("i16", GgufValueType.INT16).u16(0xFFFF);
        bytes.key("u32", GgufValueType.UINT32).u32(0xFFFF_FFFFL);
        bytes.key("i32", GgufValueType.INT32).u32(-5);
        bytes.key("f32", GgufValueType.FLOAT32).f32(1.5f);
        bytes.key("bool", GgufValueType.BOOL).u8(7);
        bytes.key("str", GgufValueType.STRING).string("héllo");
        bytes.key("u64", GgufValueType.UINT64).u64(-1);
        bytes.key("i64", GgufValueType.INT64).u64(-2);
        bytes.key("f64", GgufValueType.FLOAT64).f64(-0.25);
        bytes.key("strings", GgufValueType.ARRAY)
                .u32(GgufValueType.STRING.id())
                .u64(2)
                .string("a")
                .string("");
        bytes.key("nested", GgufValueType.ARRAY)
                .u32(GgufValueType.ARRAY.id())
                .u64(1)
                .u32(GgufValueType.INT32.id())
                .u64(2)
                .u32(1)
                .u32(2);

        GgufFile file = read(bytes);

        assertThat(file.version()).isEqualTo(3);
        assertThat(file.metadata().keySet())
                .containsExactly(
                        "u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "str", "u64", "i64", "f64", "strings",
                        "nested");
        assertThat(file.metadata().values())
                .containsExactly(
                        new GgufValue.UInt8(200),
                        new GgufValue.Int8((byte) -2),
                        new GgufValue.UInt16(60000),
                        new GgufValue.Int16((short) -1),
                        new GgufValue.UInt32(0xFFFF_FFFFL),
                        new GgufValue.Int32(-5),
                        new GgufValue.Float32(1.5f),
                        new GgufValue.Bool(true),
                        new GgufValue.Str("héllo"),
                        new GgufValue.UInt64(-1),
                        new GgufValue.Int64(-2),
                        new GgufValue.Float64(-0.25),
                        new GgufValue.Array(
                                GgufValueType.STRING, List.of(new GgufValue.Str("a"), new GgufValue.Str(""))),
                        new GgufValue.Array(
                                GgufValueType.ARRAY,
                                List.of(new GgufValue.Array(
                                        GgufValueType.INT32,
                                        List.of(new GgufValue.Int32(1), new GgufValue.Int32(2))))));
        assertThat(file.tensors()).isEmpty();
        assertThat(file.alignment()).isEqualTo(GgufReader.DEFAULT_ALIGNMENT);
    }

    @Test
    void tensorOffsetsAreResolvedAgainstTheAlignedDataStart() throws IOException {
        GgufBytes bytes =
                GgufBytes.header(3, 2, 0).tensorInfo("a", GgmlType.F32, 0, 3).tensorInfo("b", GgmlType.Q8_0, 32, 64, 2);
        int headerEnd = bytes.size();
        bytes.padTo(32).zeros(32 + 4 * 34);

        GgufFile file = read(bytes);

        long dataStart = (headerEnd + 31) / 32 * 32;
        assertThat(file.dataStart()).isEqualTo(dataStart);
        assertThat(file.tensors())
                .containsExactly(
                        new GgufTensorInfo("a", List.of(3L), GgmlType.F32, 0, dataStart, 3, 12),
                        new GgufTensorInfo("b", List.of(64L, 2L), GgmlType.Q8_0, 32, dataStart + 32, 128, 136));
    }

    @Test
    void customAlignmentMovesTheDataStart() throws IOException {
        GgufBytes bytes = GgufBytes.header(2, 1, 1);
        bytes.key(GgufReader.ALIGNMENT_KEY, GgufValueType.UINT32).u32(256);
        bytes.tensorInfo("t", GgmlType.F16, 0, 8).padTo(256).zeros(16);

        GgufFile file = read(bytes);

        assertThat(file.version()).isEqualTo(2);
        assertThat(file.alignment()).isEqualTo(256);
        assertThat(file.dataStart()).isEqualTo(256);
        assertThat(file.tensors().getFirst().absoluteOffset()).isEqualTo(256);
    }

    @Test
    void tensorWithoutDimensionsIsAScalar() throws IOException {
        GgufBytes bytes = GgufBytes.header(3, 1, 0)
                .tensorInfo("scalar", GgmlType.F32, 0)
                .padTo(32)
                .zeros(4);

        GgufTensorInfo tensor = read(bytes).tensors().getFirst();

        assertThat(tensor.dimensions()).isEmpty();
        assertThat(tensor.elementCount()).isOne();
        assertThat(tensor.byteSize()).isEqualTo(4);
    }

    @Test
    void missingFinalPaddingIsTolerated() throws IOException {
        GgufBytes bytes = GgufBytes.header(3, 1, 0)
                .tensorInfo("t", GgmlType.F32, 0, 1)
                .padTo(32)
                .zeros(4);

        assertThat(read(bytes).tensors()).hasSize(1);
    }

    @Test
    void headerOfAMultiGigabyteFileReadsWithoutTouchingTheData(@TempDir Path dir) throws IOException {
        long tensorBytes = 6L << 30;
        GgufBytes header = GgufBytes.header(3, 1, 1);
        header.key("general.architecture", GgufValueType.STRING).string("llama");
        header.tensorInfo("huge", GgmlType.F16, 0, 1L << 30, 3).padTo(32);
        Path path = dir.resolve("huge.gguf");
        Files.write(path, header.toByteArray());
        try (RandomAccessFile sparse = new RandomAccessFile(path.toFile(), "rw")) {
            sparse.setLength(header.size() + tensorBytes);
        }

        GgufFile file = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> GgufReader.read(path));

        assertThat(file.fileSize()).isEqualTo(header.size() + tensorBytes);
        assertThat(file.tensors().getFirst().byteSize()).isEqualTo(tensorBytes);
    }

    @Test
    void largeVocabularyReadsWithinSeconds(@TempDir Path dir) throws IOException {
        List<GgufValue> tokens = new ArrayList<>();
        List<GgufValue> scores = new ArrayList<>();
        for (int id = 0; id < 256_000; id++) {
            tokens.add(new GgufValue.Str("token-" + id));
            scores.add(new GgufValue.Float32(-id));
        }
        Path path = dir.resolve("vocab.gguf");
        new GgufWriter()
                .put("tokenizer.ggml.tokens", new GgufValue.Array(GgufValueType.STRING, tokens))
                .put("tokenizer.ggml.scores", new GgufValue.Array(GgufValueType.FLOAT32, scores))
                .writeTo(path);

        GgufFile file = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> GgufReader.read(path));

        GgufValue.Array readTokens =
                (GgufValue.Array) file.get("tokenizer.ggml.tokens").orElseThrow();
        assertThat(readTokens.elements()).hasSize(256_000).endsWith(new GgufValue.Str("token-255999"));
    }

    @Test
    void stringsLongerThanTheReadWindowAreReadWhole() throws IOException {
        String longValue = "x".repeat(200_000) + "end";
        GgufBytes bytes = GgufBytes.header(3, 0, 2);
        bytes.key("long", GgufValueType.STRING).string(longValue);
        bytes.key("after", GgufValueType.UINT8).u8(9);

        GgufFile file = read(bytes);

        assertThat(file.get("long")).contains(new GgufValue.Str(longValue));
        assertThat(file.get("after")).contains(new GgufValue.UInt8(9));
    }

    private static GgufFile read(GgufBytes bytes) throws IOException {
        return GgufReader.read(new InMemoryChannel(bytes.toByteArray()));
    }
}
