package dev.hangar.formats.quant;

import dev.hangar.formats.gguf.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** IEEE binary32 values stored as they are, little-endian; ggml keeps norm weights in this type. */
public final class F32Codec implements FloatCodec {

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public byte[] encode(float[] values) {
        BlockGeometry.blocksOfValues(type(), values);
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values);
        return out.array();
    }

    @Override
    public float[] decode(byte[] data) {
        int count = BlockGeometry.blocksOfBytes(type(), data);
        float[] values = new float[count];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
