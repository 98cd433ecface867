package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Little-endian reads from a channel through a small window, refusing any read that would go past the end of the file
 * before it allocates or blocks. Only the bytes actually parsed are read, so a header costs the same on any file size.
 */
final class BoundedChannelInput {
    private static final int WINDOW_BYTES = 64 * 1024;

    private final SeekableByteChannel channel;
    private final long size;
    private final ByteBuffer window =
            ByteBuffer.allocate(WINDOW_BYTES).order(ByteOrder.LITTLE_ENDIAN).flip();
    private long windowStart;
    private String section = "file header";

    /** Reads from the start of {@code channel}, whatever its current position. */
    BoundedChannelInput(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    long size() {
        return size;
    }

    long position() {
        return windowStart + window.position();
    }

    long remaining() {
        return size - position();
    }

    /** Names the part of the file being read, so errors say where they happened. */
    void section(String section) {
        this.section = section;
    }

    String section() {
        return section;
    }

    InvalidModelFile invalid(String problem) {
        return InvalidModelFile.at(position(), section, problem);
    }

    int u8(String what) throws IOException {
        need(1, what);
        return Byte.toUnsignedInt(window.get());
    }

    byte i8(String what) throws IOException {
        need(1, what);
        return window.get();
    }

    int u16(String what) throws IOException {
        need(2, what);
        return Short.toUnsignedInt(window.getShort());
    }

    short i16(String what) throws IOException {
        need(2, what);
        return window.getShort();
    }

    long u32(String what) throws IOException {
        need(4, what);
        return Integer.toUnsignedLong(window.getInt());
    }

    int i32(String what) throws IOException {
        need(4, what);
        return window.getInt();
    }

    long i64(String what) throws IOException {
        need(8, what);
        return window.getLong();
    }

    float f32(String what) throws IOException {
        need(4, what);
        return window.getFloat();
    }

    double f64(String what) throws IOException {
        need(8, what);
        return window.getDouble();
    }

    /** Reads {@code count} bytes; the caller has already capped {@code count} to something it is willing to hold. */
    byte[] bytes(long count, String what) throws IOException {
        if (count > remaining()) {
            throw truncated(count, what);
        }
        byte[] bytes = new byte[Math.toIntExact(count)];
        int fromWindow = Math.min(bytes.length, window.remaining());
        window.get(bytes, 0, fromWindow);
        if (fromWindow < bytes.length) {
            long next = position();
            readFully(ByteBuffer.wrap(bytes, fromWindow, bytes.length - fromWindow), next, what);
            windowStart = next + bytes.length - fromWindow;
            window.clear().flip();
        }
        return bytes;
    }

    private void need(int count, String what) throws IOException {
        if (window.remaining() >= count) {
            return;
        }
        if (count > remaining()) {
            throw truncated(count, what);
        }
        long next = position();
        window.compact();
        windowStart = next;
        ByteBuffer free = window.slice();
        int buffered = window.position();
        int wanted = (int) Math.min(free.capacity(), size - next - buffered);
        readFully(free.limit(wanted), next + buffered, what);
        window.position(buffered + wanted).flip();
    }

    private void readFully(ByteBuffer target, long from, String what) throws IOException {
        channel.position(from);
        while (target.hasRemaining()) {
            if (channel.read(target) < 0) {
                // The file shrank under us after size() was taken: report it as the truncation it now is.
                throw truncated(target.remaining(), what);
            }
        }
    }

    private InvalidModelFile truncated(long count, String what) {
        return invalid("file is truncated: " + what + " needs " + count + " bytes but only " + remaining()
                + " remain before the end of the file at byte " + size);
    }
}
