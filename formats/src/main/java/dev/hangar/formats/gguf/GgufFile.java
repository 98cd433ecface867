package dev.hangar.formats.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The parsed header of a GGUF file: metadata in file order, tensor infos, and where the tensor data lies.
 *
 * @param dataStart absolute offset of the tensor data section (aligned; equal to the header end when there are no
 *     tensors)
 */
public record GgufFile(
        int version,
        SequencedMap<String, GgufValue> metadata,
        List<GgufTensorInfo> tensors,
        int alignment,
        long dataStart,
        long fileSize) {

    public GgufFile {
        metadata = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(metadata.get(key));
    }
}
