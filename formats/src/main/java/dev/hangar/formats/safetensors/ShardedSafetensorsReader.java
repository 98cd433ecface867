package dev.hangar.formats.safetensors;

import dev.hangar.formats.ConfinedDirectory;
import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a sharded safetensors checkpoint through its {@code model.safetensors.index.json}: the {@code weight_map} says
 * which shard holds each tensor and {@code metadata.total_size} the sum of the tensors' byte sizes. Only the shards'
 * headers are read. The index and the shards must agree exactly: every mapped tensor in its shard, every shard tensor
 * in the map, no tensor in two shards, and the stated total matching the headers.
 */
public final class ShardedSafetensorsReader {
    public static final String INDEX_FILE_NAME = "model.safetensors.index.json";

    /** Indexes of the largest public checkpoints are a few MB; 32 MB leaves room and bounds what a hostile one costs. */
    public static final long MAX_INDEX_BYTES = 32L << 20;

    private ShardedSafetensorsReader() {}

    /** Reads {@value #INDEX_FILE_NAME} in {@code directory}, with shards confined to that directory. */
    public static SafetensorsCheckpoint read(Path directory) throws IOException {
        return read(ConfinedDirectory.of(directory), INDEX_FILE_NAME);
    }

    /**
     * @param indexName the index file's name inside {@code directory}, e.g. {@code adapter_model.safetensors.index.json}
     * @throws InvalidModelFile naming the index or shard and what does not add up
     */
    public static SafetensorsCheckpoint read(ConfinedDirectory directory, String indexName) throws IOException {
        Path indexFile = directory.requiredFile(indexName, "model directory " + directory.path());
        JsonFields index = JsonFields.root(indexName, JsonFileReader.read(indexFile, MAX_INDEX_BYTES, indexName));
        JsonFields weightMap = index.object("weight_map").orElseThrow(() -> index.wrongType("weight_map", "an object"));
        SequencedMap<String, List<String>> mappedByShard = tensorsByShard(weightMap);
        SequencedMap<String, SafetensorsFile> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> shard : mappedByShard.entrySet()) {
            String mappedFrom =
                    indexName + ", weight_map entry for '" + shard.getValue().getFirst() + "'";
            headers.put(shard.getKey(), readShard(directory, shard.getKey(), mappedFrom));
        }
        // Mapped-but-absent first: once every mapped tensor is known to be where the map says, a shard tensor mapped
        // elsewhere is certainly stored twice.
        mappedByShard.forEach((shard, mapped) -> checkShardHolds(headers.get(shard), shard, mapped, indexName));
        headers.forEach((shard, header) -> checkMapLists(header, shard, weightMap, indexName));
        SafetensorsCheckpoint checkpoint = new SafetensorsCheckpoint(headers.entrySet().stream()
                .flatMap(shard -> shard.getValue().tensors().stream()
                        .map(tensor -> new SafetensorsCheckpoint.CheckpointTensor(shard.getKey(), tensor)))
                .toList());
        checkTotalSize(index, checkpoint);
        return checkpoint;
    }

    private static SequencedMap<String, List<String>> tensorsByShard(JsonFields weightMap) {
        SequencedMap<String, List<String>> byShard = new LinkedHashMap<>();
        for (String tensor : weightMap.object().members().keySet()) {
            String shard = weightMap.string(tensor).orElseThrow(() -> weightMap.wrongType(tensor, "a file name"));
            byShard.computeIfAbsent(shard, name -> new ArrayList<>()).add(tensor);
        }
        return byShard;
    }

    private static void checkShardHolds(SafetensorsFile header, String shard, List<String> mapped, String indexName) {
        Set<String> held =
                header.tensors().stream().map(SafetensorsTensor::name).collect(Collectors.toSet());
        for (String tensor : mapped) {
            if (!held.contains(tensor)) {
                throw new InvalidModelFile(
                        "tensor '" + tensor + "' is mapped to shard '" + shard + "' but that shard does not hold it",
                        indexName + ", weight_map entry for '" + tensor + "'");
            }
        }
    }

    private static void checkMapLists(SafetensorsFile header, String shard, JsonFields weightMap, String indexName) {
        for (SafetensorsTensor tensor : header.tensors()) {
            Optional<String> mappedShard = weightMap.string(tensor.name());
            if (mappedShard.isEmpty()) {
                throw new InvalidModelFile(
                        "shard '" + shard + "' holds tensor '" + tensor.name()
                                + "', which the weight_map does not list",
                        indexName + ", weight_map");
            }
            if (!mappedShard.get().equals(shard)) {
                throw new InvalidModelFile(
                        "tensor '" + tensor.name() + "' appears in both shard '" + shard + "' and shard '"
                                + mappedShard.get() + "'",
                        indexName + ", weight_map entry for '" + tensor.name() + "'");
            }
        }
    }

    private static SafetensorsFile readShard(ConfinedDirectory directory, String shard, String mappedFrom)
            throws IOException {
        Path shardFile = directory
                .file(shard, mappedFrom)
                .orElseThrow(() -> new InvalidModelFile("shard '" + shard + "' is missing", mappedFrom));
        try {
            return SafetensorsReader.read(shardFile);
        } catch (InvalidModelFile broken) {
            // The header reader does not know which shard it read; the caller needs to.
            throw new InvalidModelFile(broken.problem(), "shard '" + shard + "', " + broken.location());
        }
    }

    private static void checkTotalSize(JsonFields index, SafetensorsCheckpoint checkpoint) {
        OptionalLong stated = index.object("metadata")
                .map(metadata -> metadata.count("total_size"))
                .orElse(OptionalLong.empty());
        if (stated.isPresent() && stated.getAsLong() != checkpoint.totalBytes()) {
            throw new InvalidModelFile(
                    "metadata.total_size says " + stated.getAsLong() + " bytes but the shards' tensors hold "
                            + checkpoint.totalBytes(),
                    index.where("metadata"));
        }
    }
}
