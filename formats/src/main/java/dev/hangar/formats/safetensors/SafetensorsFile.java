package dev.hangar.formats.safetensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * The parsed header of a safetensors file.
 *
 * @param metadata the optional {@code __metadata__} string map, empty when absent
 * @param tensors in header order
 * @param dataStart absolute offset of the data buffer: 8 + the header length
 */
public record SafetensorsFile(
        SequencedMap<String, String> metadata, List<SafetensorsTensor> tensors, long dataStart, long fileSize) {

    public SafetensorsFile {
        metadata = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }
}
