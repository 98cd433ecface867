package dev.hangar.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedSafetensorsReaderTest {
    private static final String SHARD_1 = "model-00001-of-00002.safetensors";
    private static final String SHARD_2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path directory;

    @Test
    void tensorsOfEveryShardAreReadWithTheirFileAndCounted() throws IOException {
        writeTwoShards();
        writeIndex(48 + 16 + 4, weightMap(SHARD_1, SHARD_1, SHARD_2));

        SafetensorsCheckpoint checkpoint = ShardedSafetensorsReader.read(directory);

        assertThat(checkpoint.tensors())
                .extracting(entry -> entry.file() + ":" + entry.tensor().name())
                .containsExactly(SHARD_1 + ":embed.weight", SHARD_1 + ":norm.weight", SHARD_2 + ":lm_head.weight");
        assertThat(checkpoint.parameterCount()).isEqualTo(4 * 3 + 4 * 2 + 2);
        assertThat(checkpoint.totalBytes()).isEqualTo(48 + 16 + 4);
    }

    @Test
    void indexWithoutTotalSizeIsAccepted() throws IOException {
        writeTwoShards();
        Files.writeString(
                directory.resolve(ShardedSafetensorsReader.INDEX_FILE_NAME),
                "{\"weight_map\":" + weightMap(SHARD_1, SHARD_1, SHARD_2) + "}");

        assertThat(ShardedSafetensorsReader.read(directory).tensors()).hasSize(3);
    }

    @Test
    void missingShardIsRejected() throws IOException {
        writeTwoShards();
        Files.delete(directory.resolve(SHARD_2));
        writeIndex(68, weightMap(SHARD_1, SHARD_1, SHARD_2));

        assertRejected("shard '" + SHARD_2 + "' is missing");
    }

    @Test
    void tensorMissingFromItsShardIsRejected() throws IOException {
        writeTwoShards();
        writeIndex(68, weightMap(SHARD_1, SHARD_2, SHARD_2));

        assertRejected("tensor 'norm.weight' is mapped to shard '" + SHARD_2 + "' but that shard does not hold it");
    }

    @Test
    void shardTensorThatTheMapDoesNotListIsRejected() throws IOException {
        writeTwoShards();
        writeIndex(68, "{\"embed.weight\":\"" + SHARD_1 + "\",\"lm_head.weight\":\"" + SHARD_2 + "\"}");

        assertRejected("holds tensor 'norm.weight', which the weight_map does not list");
    }

    @Test
    void tensorStoredInTwoShardsIsRejected() throws IOException {
        writeTwoShards();
        new SafetensorsWriter()
                .addTensor("x", SafetensorsDtype.U8, List.of(1L), new byte[1])
                .addTensor("lm_head.weight", SafetensorsDtype.BF16, List.of(2L), new byte[4])
                .writeTo(directory.resolve("extra.safetensors"));
        writeIndex(72, weightMap(SHARD_1, SHARD_1, SHARD_2).replace("}", ",\"x\":\"extra.safetensors\"}"));

        assertRejected("appears in both shard 'extra.safetensors' and shard '" + SHARD_2 + "'");
    }

    @Test
    void shardPathThatClimbsOutOfTheDirectoryIsRejected() throws IOException {
        writeTwoShards();
        writeIndex(68, weightMap(SHARD_1, SHARD_1, "../" + SHARD_2));

        assertRejected("file name '../" + SHARD_2 + "' must be a plain relative path inside the model directory");
    }

    @Test
    void absoluteShardPathIsRejected() throws IOException {
        writeTwoShards();
        writeIndex(68, weightMap(SHARD_1, SHARD_1, directory.resolve(SHARD_2).toString()));

        assertRejected("must be a plain relative path inside the model directory");
    }

    @Test
    void shardThatIsASymlinkLeavingTheDirectoryIsRejected(@TempDir Path elsewhere) throws IOException {
        writeTwoShards();
        Path outside = elsewhere.resolve("secret.safetensors");
        Files.move(directory.resolve(SHARD_2), outside);
        Files.createSymbolicLink(directory.resolve(SHARD_2), outside);
        writeIndex(68, weightMap(SHARD_1, SHARD_1, SHARD_2));

        assertRejected("is a link to " + outside.toRealPath() + ", outside the model directory");
    }

    @Test
    void totalSizeThatDisagreesWithTheShardsIsRejected() throws IOException {
        writeTwoShards();
        writeIndex(69, weightMap(SHARD_1, SHARD_1, SHARD_2));

        assertRejected("metadata.total_size says 69 bytes but the shards' tensors hold 68");
    }

    @Test
    void brokenShardHeaderIsReportedWithTheShardName() throws IOException {
        writeTwoShards();
        Files.write(directory.resolve(SHARD_2), new byte[] {1, 2, 3});
        writeIndex(68, weightMap(SHARD_1, SHARD_1, SHARD_2));

        assertThatThrownBy(() -> ShardedSafetensorsReader.read(directory))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("too short for the header length")
                .hasMessageContaining("shard '" + SHARD_2 + "'");
    }

    @Test
    void weightMapOfTheWrongTypeIsRejectedNamingTheKey() throws IOException {
        Files.writeString(directory.resolve(ShardedSafetensorsReader.INDEX_FILE_NAME), "{\"weight_map\":[]}");

        assertThatThrownBy(() -> ShardedSafetensorsReader.read(directory))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("weight_map must be an object, found an array")
                .hasMessageContaining("model.safetensors.index.json, key 'weight_map'");
    }

    private void writeTwoShards() throws IOException {
        new SafetensorsWriter()
                .addTensor("embed.weight", SafetensorsDtype.F32, List.of(4L, 3L), new byte[48])
                .addTensor("norm.weight", SafetensorsDtype.F16, List.of(4L, 2L), new byte[16])
                .writeTo(directory.resolve(SHARD_1));
        shard("lm_head.weight", 2).writeTo(directory.resolve(SHARD_2));
    }

    private static SafetensorsWriter shard(String tensor, long elements) {
        return new SafetensorsWriter()
                .addTensor(tensor, SafetensorsDtype.BF16, List.of(elements), new byte[2 * (int) elements]);
    }

    private static String weightMap(String embed, String norm, String lmHead) {
        return "{\"embed.weight\":\"%s\",\"norm.weight\":\"%s\",\"lm_head.weight\":\"%s\"}"
                .formatted(embed, norm, lmHead);
    }

    private void writeIndex(long totalSize, String weightMap) throws IOException {
        Files.writeString(
                directory.resolve(ShardedSafetensorsReader.INDEX_FILE_NAME),
                "{\"metadata\":{\"total_size\":" + totalSize + "},\"weight_map\":" + weightMap + "}");
    }

    private void assertRejected(String problem) {
        assertThatThrownBy(() -> ShardedSafetensorsReader.read(directory))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining(problem);
    }
}
