package dev.hangar.formats.quant;

import dev.hangar.formats.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** bfloat16 values: the top 16 bits of a binary32, rounded to nearest even, keeping NaNs NaN. */
public final class BF16Codec implements FloatCodec {

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    /** Rounds to nearest, ties to even, like PyTorch's and ggml's conversion. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            // Truncation alone could clear every mantissa bit and turn the NaN into an infinity.
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    public static float toFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    @Override
    public byte[] encode(float[] values) {
        BlockGeometry.blocksOfValues(type(), values);
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            out.putShort(fromFloat(value));
        }
        return out.array();
    }

    @Override
    public float[] decode(byte[] data) {
        int count = BlockGeometry.blocksOfBytes(type(), data);
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = toFloat(in.getShort());
        }
        return values;
    }
}
