package dev.hangar.formats.gguf;

import java.util.List;

/**
 * One tensor of a GGUF file as its header describes it.
 *
 * @param dimensions ggml order: the first is the innermost (contiguous) dimension, the reverse of a PyTorch shape
 * @param relativeOffset the offset stored in the file, relative to the start of the tensor data section
 * @param absoluteOffset where the tensor's bytes start in the file
 */
public record GgufTensorInfo(
        String name,
        List<Long> dimensions,
        GgmlType type,
        long relativeOffset,
        long absoluteOffset,
        long elementCount,
        long byteSize) {

    public GgufTensorInfo {
        dimensions = List.copyOf(dimensions);
    }
}
