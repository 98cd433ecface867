package dev.hangar.formats.safetensors;

import java.util.List;

/**
 * One tensor of a safetensors file.
 *
 * @param shape row-major (PyTorch order); empty for a scalar
 * @param begin start of the tensor's bytes relative to the data buffer, as stored in {@code data_offsets}
 * @param end exclusive end relative to the data buffer
 * @param absoluteOffset where the tensor's bytes start in the file
 */
public record SafetensorsTensor(
        String name, SafetensorsDtype dtype, List<Long> shape, long begin, long end, long absoluteOffset) {

    public SafetensorsTensor {
        shape = List.copyOf(shape);
    }

    public long byteSize() {
        return end - begin;
    }

    /** The product of the shape; 1 for a scalar. The reader has checked that it does not overflow. */
    public long elementCount() {
        return shape.stream().reduce(1L, Math::multiplyExact);
    }
}
