package dev.hangar.formats.quant;

import dev.hangar.formats.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** IEEE binary16 values, rounded to nearest even; out-of-range values become infinities as in any f16 cast. */
public final class F16Codec implements FloatCodec {

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    public byte[] encode(float[] values) {
        BlockGeometry.blocksOfValues(type(), values);
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            out.putShort(Float.floatToFloat16(value));
        }
        return out.array();
    }

    @Override
    public float[] decode(byte[] data) {
        int count = BlockGeometry.blocksOfBytes(type(), data);
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = Float.float16ToFloat(in.getShort());
        }
        return values;
    }
}
