package dev.hangar.formats.quant;

import dev.hangar.formats.gguf.GgmlType;

/** Checks that values and bytes come in whole blocks of a type before a codec walks them. */
final class BlockGeometry {
    private BlockGeometry() {}

    static int blocksOfValues(GgmlType type, float[] values) {
        if (values.length % type.blockSize() != 0) {
            throw new IllegalArgumentException(
                    values.length + " values are not a whole number of " + type + " blocks of " + type.blockSize());
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                // One NaN or infinity would turn the whole block's scale into garbage without any sign of it.
                throw new IllegalArgumentException("value " + i + " is " + values[i] + "; only finite values encode");
            }
        }
        return values.length / type.blockSize();
    }

    static int blocksOfBytes(GgmlType type, byte[] data) {
        if (data.length % type.bytesPerBlock() != 0) {
            throw new IllegalArgumentException(data.length + " bytes are not a whole number of " + type + " blocks of "
                    + type.bytesPerBlock() + " bytes");
        }
        return data.length / type.bytesPerBlock();
    }
}
