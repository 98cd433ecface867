package dev.hangar.formats.gguf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes of a GGUF header held in the fixed-size chunks they were read in, addressed by their offset in the file. Chunks
 * are never written after they are read, so metadata arrays decoded on access can keep a {@link #slice} of them;
 * keeping chunks rather than one array means the reader never has to copy the header to grow it. Callers check
 * positions against what was read: this class only reads.
 */
final class HeaderBytes {
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_BYTES = 1 << CHUNK_SHIFT;
    private static final int OFFSET_MASK = CHUNK_BYTES - 1;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] chunks;
    private final long firstChunk;

    /**
     * @param chunks {@code chunks[i]} holds the file's bytes from offset {@code (firstChunk + i) * CHUNK_BYTES}; every
     *     chunk but the last one read is {@link #CHUNK_BYTES} long
     */
    HeaderBytes(byte[][] chunks, long firstChunk) {
        this.chunks = chunks;
        this.firstChunk = firstChunk;
    }

    /** The chunks holding {@code [start, end)}, shared rather than copied; {@code end} must be after {@code start}. */
    HeaderBytes slice(long start, long end) {
        int from = index(start);
        int to = index(end - 1) + 1;
        return new HeaderBytes(Arrays.copyOfRange(chunks, from, to), start >>> CHUNK_SHIFT);
    }

    byte i8(long position) {
        return chunks[index(position)][offset(position)];
    }

    short i16(long position) {
        byte[] chunk = chunks[index(position)];
        int offset = offset(position);
        return offset <= chunk.length - Short.BYTES ? i16(chunk, offset) : (short) straddling(position, Short.BYTES);
    }

    int i32(long position) {
        byte[] chunk = chunks[index(position)];
        int offset = offset(position);
        return offset <= chunk.length - Integer.BYTES ? i32(chunk, offset) : (int) straddling(position, Integer.BYTES);
    }

    long i64(long position) {
        byte[] chunk = chunks[index(position)];
        int offset = offset(position);
        return offset <= chunk.length - Long.BYTES ? i64(chunk, offset) : straddling(position, Long.BYTES);
    }

    /**
     * Decodes leniently (malformed sequences become U+FFFD) because some real vocabularies store partial UTF-8 byte
     * sequences as tokens; refusing them would refuse models that llama.cpp loads.
     */
    String utf8(long position, int length) {
        byte[] chunk = chunks[index(position)];
        int offset = offset(position);
        if (offset <= chunk.length - length) {
            return new String(chunk, offset, length, StandardCharsets.UTF_8);
        }
        byte[] joined = new byte[length];
        int copied = 0;
        while (copied < length) {
            long at = position + copied;
            byte[] source = chunks[index(at)];
            int from = offset(at);
            int count = Math.min(length - copied, source.length - from);
            System.arraycopy(source, from, joined, copied, count);
            copied += count;
        }
        return new String(joined, StandardCharsets.UTF_8);
    }

    static short i16(byte[] bytes, int offset) {
        return (short) SHORT.get(bytes, offset);
    }

    static int i32(byte[] bytes, int offset) {
        return (int) INT.get(bytes, offset);
    }

    static long i64(byte[] bytes, int offset) {
        return (long) LONG.get(bytes, offset);
    }

    /** A little-endian value whose bytes continue into the next chunk. */
    private long straddling(long position, int width) {
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = value << 8 | Byte.toUnsignedLong(i8(position + i));
        }
        return value;
    }

    private int index(long position) {
        return (int) ((position >>> CHUNK_SHIFT) - firstChunk);
    }

    private static int offset(long position) {
        return (int) position & OFFSET_MASK;
    }
}
