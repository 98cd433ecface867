package dev.hangar.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hangar.formats.InMemoryChannel;
import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and damaged GGUF files, generated here: each must fail fast with an InvalidModelFile naming the problem. */
class GgufReaderRejectsBrokenFilesTest {
    private static final Duration LIMIT = Duration.ofSeconds(3);
    private static final SmallGguf VALID = SmallGguf.build();

    @Test
    void theUnbrokenFixtureReads() throws IOException {
        GgufFile file = read(VALID.bytes());

        assertThat(file.metadata()).hasSize(6);
        assertThat(file.tensors()).hasSize(3);
        assertThat(file.dataStart()).isEqualTo(VALID.dataStart());
    }

    @Test
    void truncationAtEverySectionBoundaryIsRejectedInTheCutSection() {
        int sectionStart = 0;
        for (int boundary : VALID.headerBoundaries()) {
            InvalidModelFile error = rejection(Arrays.copyOf(VALID.bytes(), boundary));

            if (error.problem().contains("cannot fit")) {
                // A count too large for what is left of the file is caught where the count is, before the cut.
                assertThat(offsetOf(error)).as("cut at %d", boundary).isLessThan(boundary);
            } else {
                assertThat(error.problem()).as("cut at %d", boundary).contains("file is truncated");
                assertThat(offsetOf(error)).as("cut at %d", boundary).isBetween((long) sectionStart, (long) boundary);
            }
            sectionStart = boundary;
        }
    }

    @Test
    void truncationAtAnyByteIsRejected() {
        for (int length = 0; length < VALID.bytes().length; length++) {
            InvalidModelFile error = rejection(Arrays.copyOf(VALID.bytes(), length));

            assertThat(error.problem())
                    .as("cut at %d", length)
                    .containsAnyOf("file is truncated", "cannot fit", "runs past the end of the file");
        }
    }

    @Test
    void fileCutRightAfterTheHeaderIsRejectedAsMissingTensorData() {
        for (int cut : new int[] {VALID.headerEnd(), VALID.dataStart()}) {
            InvalidModelFile error = rejection(Arrays.copyOf(VALID.bytes(), cut));

            assertThat(error.problem()).as("cut at %d", cut).contains("runs past the end of the file at byte " + cut);
            assertThat(error.location()).as("cut at %d", cut).contains("'token_embd.weight'");
        }
    }

    @Test
    void truncatedTensorDataIsRejectedNamingTheTensor() {
        InvalidModelFile error = rejection(Arrays.copyOf(VALID.bytes(), VALID.bytes().length - 1));

        assertThat(error.problem()).contains("runs past the end of the file");
        assertThat(error.location()).contains("'output.weight'");
    }

    @Test
    void errorLocationNamesTheMetadataKey() {
        assertThatThrownBy(() -> read(
                        GgufBytes.header(2, 0, 1).string("k").u32(77).zeros(32).toByteArray()))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("metadata key 'k'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileIsRejectedWithTheProblemNamed(String description, byte[] bytes, String expectedProblem) {
        assertThat(rejection(bytes).problem()).contains(expectedProblem);
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                broken("empty file", new byte[0], "file is truncated"),
                broken(
                        "wrong magic",
                        new GgufBytes().raw("GGML".getBytes()).u32(3).u64(0).u64(0),
                        "not a GGUF file"),
                broken("version 0", GgufBytes.header(0, 0, 0), "version 0 is invalid"),
                broken("version 1", GgufBytes.header(1, 0, 0), "version 1 is no longer supported"),
                broken("version 99", GgufBytes.header(99, 0, 0), "version 99 is newer"),
                broken("big-endian version", GgufBytes.header(0x0300_0000L, 0, 0), "big-endian"),
                broken("negative tensor count", GgufBytes.header(3, -1, 0), "tensor count 18446744073709551615"),
                broken("absurd tensor count", GgufBytes.header(3, 1L << 40, 0), "exceeds the limit"),
                broken("tensor count beyond the file", GgufBytes.header(3, 1000, 0), "cannot fit"),
                broken("absurd kv count", GgufBytes.header(3, 0, Long.MAX_VALUE), "exceeds the limit"),
                broken("kv count beyond the file", GgufBytes.header(3, 0, 100_000), "cannot fit"),
                broken(
                        "string length 2^63-1",
                        GgufBytes.header(3, 0, 1).u64(Long.MAX_VALUE).zeros(16),
                        "exceeds the limit of 1073741824 bytes"),
                broken(
                        "string longer than the file",
                        GgufBytes.header(3, 0, 1).u64(1000).zeros(16),
                        "runs past the end of the file"),
                broken("empty key", GgufBytes.header(3, 0, 1).string("").u32(0).u8(1), "metadata key is empty"),
                broken("duplicate key", twoKeys("a", "a"), "appears twice"),
                broken("unknown value type", kv("k", 13), "unknown metadata value type 13"),
                broken(
                        "unknown array element type",
                        kv("k", GgufValueType.ARRAY.id()).u32(200).u64(0),
                        "unknown metadata value type 200"),
                broken(
                        "huge array length",
                        kv("k", GgufValueType.ARRAY.id())
                                .u32(GgufValueType.UINT8.id())
                                .u64(1L << 62),
                        "array length 4611686018427387904 exceeds the limit"),
                broken(
                        "array longer than the file",
                        kv("k", GgufValueType.ARRAY.id())
                                .u32(GgufValueType.STRING.id())
                                .u64(1 << 20)
                                .zeros(64),
                        "cannot fit"),
                broken("arrays nested 1000 deep", nestedArrays(1000), "nested deeper than 8 levels"),
                broken("more array elements than any vocabulary", hugeArrays(), "in total"),
                broken("alignment of the wrong type", kv("general.alignment", 5).u32(32), "must be a UINT32"),
                broken(
                        "alignment not a power of two",
                        kv("general.alignment", 4).u32(48),
                        "not a power of two"),
                broken("unknown ggml type", tensor("t", 99, 0, 4), "unknown ggml tensor type id 99"),
                broken("removed ggml type", tensor("t", 4, 0, 32), "unknown ggml tensor type id 4"),
                broken("five dimensions", tensor("t", 0, 0, 1, 1, 1, 1, 1), "5 dimensions"),
                broken("negative dimension", tensor("t", 0, 0, -4), "is negative"),
                broken(
                        "dimension product overflows a long",
                        tensor("t", 0, 0, 1L << 32, 1L << 32),
                        "overflow a 64-bit element count"),
                broken("byte size overflows a long", tensor("t", 28, 0, 1L << 61), "byte size overflows"),
                broken("partial quantization block", tensor("t", 8, 0, 33), "not a multiple of the Q8_0 block size"),
                broken("quantized scalar", tensor("t", 8, 0), "innermost dimension 1 is not a multiple"),
                broken("tensor offset past the end", tensor("t", 0, 1 << 20, 4), "runs past the end of the file"),
                broken("tensor offset near 2^63", tensor("t", 0, Long.MAX_VALUE - 31, 4), "runs past the end"),
                broken("negative tensor offset", tensor("t", 0, -32, 4), "is beyond any file"),
                broken("misaligned tensor offset", tensor("t", 0, 4, 1), "not a multiple of the alignment 32"),
                broken("tensor name too long", tensor("n".repeat(64), 0, 0, 1), "exceeds the limit of 63 bytes"),
                broken("empty tensor name", tensor("", 0, 0, 1), "tensor name is empty"),
                broken("duplicate tensor name", twoTensors("t", 0, "t", 32), "appears twice"),
                broken("overlapping tensors", twoTensors("a", 0, "b", 0), "overlaps tensor 'a'"));
    }

    /** Trailing bytes let the size checks on the counts pass, so that parsing reaches the intended problem. */
    private static Arguments broken(String description, GgufBytes bytes, String expectedProblem) {
        return broken(description, bytes.zeros(32).toByteArray(), expectedProblem);
    }

    private static Arguments broken(String description, byte[] bytes, String expectedProblem) {
        return Arguments.of(description, bytes, expectedProblem);
    }

    private static GgufBytes kv(String key, int typeId) {
        return GgufBytes.header(3, 0, 1).string(key).u32(typeId);
    }

    private static GgufBytes twoKeys(String first, String second) {
        return GgufBytes.header(3, 0, 2)
                .string(first)
                .u32(0)
                .u8(1)
                .string(second)
                .u32(0)
                .u8(2);
    }

    private static GgufBytes nestedArrays(int depth) {
        GgufBytes bytes = GgufBytes.header(3, 0, 1).string("deep").u32(GgufValueType.ARRAY.id());
        for (int level = 0; level < depth; level++) {
            bytes.u32(GgufValueType.ARRAY.id()).u64(1);
        }
        return bytes.u32(GgufValueType.UINT8.id()).u64(0);
    }

    private static GgufBytes hugeArrays() {
        int length = (int) GgufReader.MAX_ARRAY_ELEMENTS_PER_FILE + 1;
        return kv("k", GgufValueType.ARRAY.id())
                .u32(GgufValueType.UINT8.id())
                .u64(length)
                .zeros(length);
    }

    /** One tensor info with a raw type id, followed by 64 data bytes. */
    private static GgufBytes tensor(String name, int typeId, long offset, long... dimensions) {
        GgufBytes bytes = GgufBytes.header(3, 1, 0).string(name).u32(dimensions.length);
        for (long dimension : dimensions) {
            bytes.u64(dimension);
        }
        return bytes.u32(typeId).u64(offset).padTo(32).zeros(64);
    }

    private static GgufBytes twoTensors(String first, long firstOffset, String second, long secondOffset) {
        return GgufBytes.header(3, 2, 0)
                .tensorInfo(first, GgmlType.F32, firstOffset, 8)
                .tensorInfo(second, GgmlType.F32, secondOffset, 8)
                .padTo(32)
                .zeros(64);
    }

    private static InvalidModelFile rejection(byte[] bytes) {
        Throwable thrown = assertTimeoutPreemptively(LIMIT, () -> catchThrowable(() -> read(bytes)));
        assertThat(thrown).isInstanceOf(InvalidModelFile.class);
        return (InvalidModelFile) thrown;
    }

    private static long offsetOf(InvalidModelFile error) {
        Matcher offset = Pattern.compile("^byte offset (\\d+),").matcher(error.location());
        assertThat(offset.find()).as(error.location()).isTrue();
        return Long.parseLong(offset.group(1));
    }

    private static GgufFile read(byte[] bytes) throws IOException {
        return GgufReader.read(new InMemoryChannel(bytes));
    }
}
