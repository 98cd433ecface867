package dev.hangar.formats.quant;

import dev.hangar.formats.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ggml's Q8_0: blocks of 32 values stored as an f16 scale {@code d} and 32 int8 {@code q}, value = d * q, with
 * d = max|x| / 127 (ggml-quants.c {@code quantize_row_q8_0_ref}).
 */
public final class Q8_0Codec implements FloatCodec {
    private static final int BLOCK = 32;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public byte[] encode(float[] values) {
        int blocks = BlockGeometry.blocksOfValues(type(), values);
        ByteBuffer out = ByteBuffer.allocate(blocks * type().bytesPerBlock()).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 0; block < blocks; block++) {
            int first = block * BLOCK;
            float absMax = 0;
            for (int j = 0; j < BLOCK; j++) {
                absMax = Math.max(absMax, Math.abs(values[first + j]));
            }
            float scale = absMax / 127f;
            float inverse = scale != 0 ? 1f / scale : 0f;
            out.putShort(Float.floatToFloat16(scale));
            for (int j = 0; j < BLOCK; j++) {
                out.put((byte) roundHalfAwayFromZero(values[first + j] * inverse));
            }
        }
        return out.array();
    }

    @Override
    public float[] decode(byte[] data) {
        int blocks = BlockGeometry.blocksOfBytes(type(), data);
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[blocks * BLOCK];
        for (int block = 0; block < blocks; block++) {
            float scale = Float.float16ToFloat(in.getShort());
            for (int j = 0; j < BLOCK; j++) {
                values[block * BLOCK + j] = scale * in.get();
            }
        }
        return values;
    }

    /** C's {@code roundf}, which ggml uses; Java's {@code Math.round} rounds halves up, -2.5 to -2. */
    private static int roundHalfAwayFromZero(float value) {
        int magnitude = Math.round(Math.abs(value));
        return value < 0 ? -magnitude : magnitude;
    }
}
