package dev.hangar.worker;

import dev.hangar.formats.gguf.GgufFile;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufValue;
import dev.hangar.worker.llama.PoolingType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the worker needs from a GGUF header before and beside llama.cpp: reading it first turns a broken or truncated
 * file into a clear error in milliseconds instead of a native failure after a slow load.
 *
 * @param pooling the embedding pooling the model declares ({@code <architecture>.pooling_type})
 * @param classifierHead whether the model has a classification head ({@code cls} or {@code cls.output} tensors), which
 *     rank pooling scores with
 */
public record ModelHeader(GgufModelInfo info, Optional<PoolingType> pooling, long fileSize, boolean classifierHead) {

    /** @throws dev.hangar.formats.InvalidModelFile when the file breaks the GGUF format or is cut short */
    public static ModelHeader read(Path file) throws IOException {
        GgufFile gguf = GgufReader.read(file);
        GgufModelInfo info = GgufModelInfo.of(gguf);
        boolean classifierHead = gguf.tensors().stream()
                .anyMatch(tensor ->
                        tensor.name().equals("cls.weight") || tensor.name().equals("cls.output.weight"));
        return new ModelHeader(info, pooling(gguf, info), gguf.fileSize(), classifierHead);
    }

    /** The trained context, or the default when the file does not say. */
    public int trainedContext() {
        long trained = info.contextLength().orElse(WorkerOptions.DEFAULT_MAX_CONTEXT);
        return (int) Math.min(trained, Integer.MAX_VALUE);
    }

    private static Optional<PoolingType> pooling(GgufFile gguf, GgufModelInfo info) {
        Optional<GgufValue> value = info.architecture().flatMap(arch -> gguf.get(arch + ".pooling_type"));
        long number = switch (value.orElse(null)) {
            case GgufValue.UInt32 v -> v.value();
            case GgufValue.Int32 v -> v.value();
            case null, default -> -1;
        };
        return Arrays.stream(PoolingType.values())
                .filter(type -> type.value() == number && type != PoolingType.UNSPECIFIED && type != PoolingType.NONE)
                .findFirst();
    }
}
