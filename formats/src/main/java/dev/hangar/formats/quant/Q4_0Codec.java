package dev.hangar.formats.quant;

import dev.hangar.formats.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ggml's Q4_0: blocks of 32 values stored as an f16 scale {@code d} and 16 bytes of 4-bit {@code q}, value =
 * (q - 8) * d. Byte j holds element j in its low nibble and element j + 16 in its high nibble. The scale maps the
 * signed value of largest magnitude to -8, so that extreme is exact (ggml-quants.c {@code quantize_row_q4_0_ref}).
 */
public final class Q4_0Codec implements FloatCodec {
    private static final int BLOCK = 32;
    private static final int HALF = BLOCK / 2;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public byte[] encode(float[] values) {
        int blocks = BlockGeometry.blocksOfValues(type(), values);
        ByteBuffer out = ByteBuffer.allocate(blocks * type().bytesPerBlock()).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 0; block < blocks; block++) {
            int first = block * BLOCK;
            float absMax = 0;
            float extreme = 0;
            for (int j = 0; j < BLOCK; j++) {
                float value = values[first + j];
                if (Math.abs(value) > absMax) {
                    absMax = Math.abs(value);
                    extreme = value;
                }
            }
            float scale = extreme / -8f;
            float inverse = scale != 0 ? 1f / scale : 0f;
            out.putShort(Float.floatToFloat16(scale));
            for (int j = 0; j < HALF; j++) {
                int low = quantize(values[first + j] * inverse);
                int high = quantize(values[first + j + HALF] * inverse);
                out.put((byte) (low | high << 4));
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
            int first = block * BLOCK;
            for (int j = 0; j < HALF; j++) {
                int packed = Byte.toUnsignedInt(in.get());
                values[first + j] = ((packed & 0xF) - 8) * scale;
                values[first + j + HALF] = ((packed >>> 4) - 8) * scale;
            }
        }
        return values;
    }

    /** Offset by 8.5 then truncated, as the reference does; the value that maps to +8 is clamped to 15. */
    private static int quantize(float scaled) {
        return Math.min(15, (int) (scaled + 8.5f));
    }
}
