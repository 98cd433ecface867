package dev.hangar.formats.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes GGUF fields byte by byte, so that tests can build files no well-behaved writer would produce. */
final class GgufBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Magic, version, tensor count and kv count. */
    static GgufBytes header(long version, long tensorCount, long kvCount) {
        return new GgufBytes()
                .u32(GgufReader.MAGIC)
                .u32(version)
                .u64(tensorCount)
                .u64(kvCount);
    }

    GgufBytes u8(int value) {
        out.write(value);
        return this;
    }

    GgufBytes u16(int value) {
        return put(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value));
    }

    GgufBytes u32(long value) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value));
    }

    GgufBytes u64(long value) {
        return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value));
    }

    GgufBytes f32(float value) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value));
    }

    GgufBytes f64(double value) {
        return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value));
    }

    GgufBytes string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return u64(bytes.length).raw(bytes);
    }

    /** A key followed by its value type tag; the caller writes the value. */
    GgufBytes key(String key, GgufValueType type) {
        return string(key).u32(type.id());
    }

    GgufBytes tensorInfo(String name, GgmlType type, long offset, long... dimensions) {
        string(name).u32(dimensions.length);
        for (long dimension : dimensions) {
            u64(dimension);
        }
        return u32(type.id()).u64(offset);
    }

    GgufBytes padTo(int alignment) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        return this;
    }

    GgufBytes zeros(int count) {
        return raw(new byte[count]);
    }

    GgufBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private GgufBytes put(ByteBuffer buffer) {
        out.writeBytes(buffer.array());
        return this;
    }
}
