package dev.hangar.formats.gguf;

import dev.hangar.formats.TensorData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Little-endian primitives onto a stream, counting bytes so that the writer can pad to absolute offsets. */
final class LittleEndianOutput {
    private final OutputStream out;
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    LittleEndianOutput(OutputStream out) {
        this.out = out;
    }

    long written() {
        return written;
    }

    void u8(int value) throws IOException {
        out.write(value);
        written++;
    }

    void u16(int value) throws IOException {
        flushScratch(scratch.putShort((short) value));
    }

    void u32(long value) throws IOException {
        flushScratch(scratch.putInt((int) value));
    }

    void u64(long value) throws IOException {
        flushScratch(scratch.putLong(value));
    }

    void f32(float value) throws IOException {
        flushScratch(scratch.putFloat(value));
    }

    void f64(double value) throws IOException {
        flushScratch(scratch.putDouble(value));
    }

    void string(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        bytes(bytes);
    }

    void bytes(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    void tensor(TensorData data, String name) throws IOException {
        data.writeTo(out, name);
        written += data.byteSize();
    }

    void padTo(int alignment) throws IOException {
        long padding = (alignment - written % alignment) % alignment;
        for (long i = 0; i < padding; i++) {
            u8(0);
        }
    }

    private void flushScratch(ByteBuffer filled) throws IOException {
        out.write(filled.array(), 0, filled.position());
        written += filled.position();
        filled.clear();
    }
}
