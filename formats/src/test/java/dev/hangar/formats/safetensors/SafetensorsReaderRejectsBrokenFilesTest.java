package dev.hangar.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hangar.formats.InMemoryChannel;
import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and damaged safetensors files, generated here: each must fail fast with an InvalidModelFile. */
class SafetensorsReaderRejectsBrokenFilesTest {
    private static final Duration LIMIT = Duration.ofSeconds(3);
    private static final String TWO_TENSORS = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[8,12]}}";

    @Test
    void theUnbrokenFixtureReads() throws IOException {
        SafetensorsFile file = read(file(TWO_TENSORS, 12));

        assertThat(file.tensors()).hasSize(2);
        assertThat(file.metadata()).containsEntry("format", "pt");
    }

    @Test
    void truncationAtAnyByteIsRejected() {
        byte[] valid = file(TWO_TENSORS, 12);
        for (int length = 0; length < valid.length; length++) {
            InvalidModelFile error = rejection(Arrays.copyOf(valid, length));

            assertThat(error.problem())
                    .as("cut at %d", length)
                    .containsAnyOf("truncated", "runs past the end of the file");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileIsRejectedWithTheProblemNamed(String description, byte[] bytes, String expectedProblem) {
        assertThat(rejection(bytes).problem()).contains(expectedProblem);
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                broken("shorter than the length field", new byte[5], "too short for the header length"),
                broken("header length 2^63-1", withLength(Long.MAX_VALUE, "{}"), "exceeds the limit of 100000000"),
                broken("header length over 100 MB", withLength(100_000_001, "{}"), "exceeds the limit"),
                broken("header longer than the file", withLength(1000, "{}"), "runs past the end of the file"),
                broken("empty header", withLength(0, ""), "does not start with '{'"),
                broken("header is an array", file("[]", 0), "does not start with '{'"),
                broken("header is not UTF-8", invalidUtf8(), "not valid UTF-8"),
                broken("header is not JSON", file("{\"a\":}", 0), "unexpected character '}'"),
                broken(
                        "duplicate tensor names",
                        file(
                                "{" + tensorJson("a", "U8", "[1]", "[0,1]") + ","
                                        + tensorJson("a", "U8", "[1]", "[1,2]") + "}",
                                2),
                        "duplicate key"),
                broken("tensor entry not an object", file("{\"a\":1}", 0), "tensor entry must be an object"),
                broken("unknown dtype", file(entry("a", "F12", "[1]", "[0,1]"), 1), "unknown dtype \"F12\""),
                broken(
                        "missing dtype",
                        file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                        "dtype must be a string"),
                broken("negative dimension", file(entry("a", "U8", "[-1]", "[0,1]"), 1), "non-negative integers"),
                broken("fractional dimension", file(entry("a", "U8", "[1.5]", "[0,1]"), 1), "non-negative integers"),
                broken(
                        "dimension beyond a long",
                        file(entry("a", "U8", "[99999999999999999999]", "[0,1]"), 1),
                        "larger than a 64-bit integer"),
                broken(
                        "shape product overflows",
                        file(entry("a", "F64", "[4294967296,4294967296]", "[0,8]"), 8),
                        "overflows"),
                broken("three data offsets", file(entry("a", "U8", "[1]", "[0,1,2]"), 1), "[begin, end]"),
                broken("end before begin", file(entry("a", "U8", "[1]", "[1,0]"), 1), "begin <= end"),
                broken("bytes do not match dtype and shape", file(entry("a", "F32", "[3]", "[0,8]"), 8), "needs 12"),
                broken(
                        "sub-byte type without whole bytes",
                        file(entry("a", "F4", "[3]", "[0,1]"), 1),
                        "whole number of bytes"),
                broken("first tensor not at zero", file(entry("a", "U8", "[1]", "[1,2]"), 2), "(gap)"),
                broken(
                        "overlapping tensors",
                        file(
                                "{" + tensorJson("a", "U8", "[2]", "[0,2]") + ","
                                        + tensorJson("b", "U8", "[2]", "[1,3]") + "}",
                                3),
                        "(overlap)"),
                broken(
                        "gap between tensors",
                        file(
                                "{" + tensorJson("a", "U8", "[1]", "[0,1]") + ","
                                        + tensorJson("b", "U8", "[1]", "[2,3]") + "}",
                                3),
                        "(gap)"),
                broken(
                        "trailing bytes after the last tensor",
                        file(entry("a", "U8", "[1]", "[0,1]"), 5),
                        "(trailing bytes)"),
                broken("metadata not an object", file("{\"__metadata__\":[]}", 0), "must be an object"),
                broken("metadata value not a string", file("{\"__metadata__\":{\"k\":1}}", 0), "must be a string"),
                broken(
                        "nested 10000 deep",
                        file("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", 0),
                        "nested deeper"));
    }

    @Test
    void damagedFilesEitherReadOrFailAsInvalidModelFiles() throws IOException {
        byte[] valid = file(TWO_TENSORS, 12);
        Random random = new Random(0x5AFE);
        int rejected = 0;
        for (int mutation = 0; mutation < 10_000; mutation++) {
            byte[] damaged = valid.clone();
            int at = random.nextInt(damaged.length);
            if (random.nextInt(5) == 0) {
                damaged = Arrays.copyOf(damaged, at);
            } else {
                damaged[at] = (byte) random.nextInt(256);
            }
            try {
                read(damaged);
            } catch (InvalidModelFile expected) {
                rejected++;
            } catch (RuntimeException | StackOverflowError unexpected) {
                fail(
                        "mutation %d threw %s on %s"
                                .formatted(mutation, unexpected, new String(damaged, StandardCharsets.ISO_8859_1)),
                        unexpected);
            }
        }

        assertThat(rejected).isGreaterThan(1_000);
    }

    private static Arguments broken(String description, byte[] bytes, String expectedProblem) {
        return Arguments.of(description, bytes, expectedProblem);
    }

    private static String tensorJson(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets
                + "}";
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "{" + tensorJson(name, dtype, shape, offsets) + "}";
    }

    /** A file with this header and {@code dataBytes} zero bytes of data. */
    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length)
                .put(json)
                .array();
    }

    private static byte[] withLength(long declaredLength, String header) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declaredLength)
                .put(json)
                .array();
    }

    private static byte[] invalidUtf8() {
        byte[] bytes = file("{\"a\u00e9\":1}", 0);
        bytes[8 + 3] = (byte) 0xFF;
        return bytes;
    }

    private static InvalidModelFile rejection(byte[] bytes) {
        Throwable thrown = assertTimeoutPreemptively(LIMIT, () -> catchThrowable(() -> read(bytes)));
        assertThat(thrown).isInstanceOf(InvalidModelFile.class);
        return (InvalidModelFile) thrown;
    }

    private static SafetensorsFile read(byte[] bytes) throws IOException {
        return SafetensorsReader.read(new InMemoryChannel(bytes));
    }
}
