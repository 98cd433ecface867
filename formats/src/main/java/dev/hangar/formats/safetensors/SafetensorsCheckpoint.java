package dev.hangar.formats.safetensors;

import java.util.List;

/**
 * The tensors of a whole safetensors checkpoint, whether stored in one file or split into shards, each with the file
 * that holds it.
 */
public record SafetensorsCheckpoint(List<CheckpointTensor> tensors) {

    public SafetensorsCheckpoint {
        tensors = List.copyOf(tensors);
    }

    /** A tensor and the file, relative to the model directory, whose data buffer holds its bytes. */
    public record CheckpointTensor(String file, SafetensorsTensor tensor) {}

    public static SafetensorsCheckpoint ofSingleFile(String fileName, SafetensorsFile file) {
        return new SafetensorsCheckpoint(file.tensors().stream()
                .map(tensor -> new CheckpointTensor(fileName, tensor))
                .toList());
    }

    /**
     * The number of stored elements. Tied embeddings are stored once, so this is the parameter count; for
     * packed-quantized weights (int32 {@code qweight}) it undercounts.
     */
    public long parameterCount() {
        return tensors.stream()
                .mapToLong(entry -> entry.tensor().elementCount())
                .reduce(0, Math::addExact);
    }

    /** The sum of the tensors' byte sizes, which is what an index's {@code metadata.total_size} states. */
    public long totalBytes() {
        return tensors.stream().mapToLong(entry -> entry.tensor().byteSize()).reduce(0, Math::addExact);
    }
}
