package dev.hangar.formats.gguf;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * Little-endian reads from a channel, refusing any read that would go past the end of the file before it allocates or
 * blocks. The file is read from the start in {@link HeaderBytes#CHUNK_BYTES} chunks as parsing reaches them, so a
 * header costs the same on any file size; the chunks are kept so that metadata arrays can be decoded later from the
 * very bytes that were checked.
 */
final class BoundedChannelInput {
    private static final byte[] NOT_READ_YET = new byte[0];

    private final SeekableByteChannel channel;
    private final long size;
    private byte[][] chunks = new byte[16][];
    private int chunkCount;
    /**
     * Reads the chunks read so far; replaced whenever {@link #chunks} grows, so fetch it only after reading (the
     * ones below call {@link #advance} first).
     */
    private HeaderBytes read = new HeaderBytes(chunks, 0);

    private long readEnd;
    /**
     * The chunk that holds the position, kept at hand because most reads stay inside it (a vocabulary scan does
     * nothing else); {@link #NOT_READ_YET} when the position is where no chunk has been read, so the next read
     * reads it.
     */
    private byte[] chunk = NOT_READ_YET;

    private long chunkStart;
    private int offset;
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
        return chunkStart + offset;
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
        return Byte.toUnsignedInt(i8(what));
    }

    byte i8(String what) throws IOException {
        if (offset < chunk.length) {
            return chunk[offset++];
        }
        long at = advance(Byte.BYTES, what);
        return read.i8(at);
    }

    int u16(String what) throws IOException {
        return Short.toUnsignedInt(i16(what));
    }

    short i16(String what) throws IOException {
        if (offset <= chunk.length - Short.BYTES) {
            short value = HeaderBytes.i16(chunk, offset);
            offset += Short.BYTES;
            return value;
        }
        long at = advance(Short.BYTES, what);
        return read.i16(at);
    }

    long u32(String what) throws IOException {
        return Integer.toUnsignedLong(i32(what));
    }

    int i32(String what) throws IOException {
        if (offset <= chunk.length - Integer.BYTES) {
            int value = HeaderBytes.i32(chunk, offset);
            offset += Integer.BYTES;
            return value;
        }
        long at = advance(Integer.BYTES, what);
        return read.i32(at);
    }

    long i64(String what) throws IOException {
        if (offset <= chunk.length - Long.BYTES) {
            long value = HeaderBytes.i64(chunk, offset);
            offset += Long.BYTES;
            return value;
        }
        long at = advance(Long.BYTES, what);
        return read.i64(at);
    }

    float f32(String what) throws IOException {
        return Float.intBitsToFloat(i32(what));
    }

    double f64(String what) throws IOException {
        return Double.longBitsToDouble(i64(what));
    }

    /** Reads a string of {@code length} bytes; the caller has already capped it to something it is willing to hold. */
    String utf8(int length, String what) throws IOException {
        long at = advance(length, what);
        return read.utf8(at, length);
    }

    /** Moves past {@code count} bytes, reading them only when a later read or {@link #bytesSince} needs them. */
    void skip(long count, String what) {
        if (count > remaining()) {
            throw truncated(count, what);
        }
        if (count < chunk.length - offset) {
            offset += (int) count;
        } else {
            moveTo(position() + count);
        }
    }

    /**
     * Moves past strings {@code from} (inclusive) to {@code to} of an array, each a u64 length and that many bytes, as
     * long as they lie whole in the current chunk with a length of at most {@code maxBytes}; records where every
     * {@link EncodedStrings#STRIDE}th one starts; returns the index of the first string not passed. The caller reads that one the
     * careful way, which also reports a bad length. A vocabulary holds hundreds of thousands of strings, and this loop
     * keeps the chunk and offset in locals.
     */
    int skipStringsInChunk(int from, int to, long maxBytes, long[] strideStarts) {
        byte[] chunk = this.chunk;
        int offset = this.offset;
        int index = from;
        while (index < to && offset <= chunk.length - Long.BYTES) {
            long length = HeaderBytes.i64(chunk, offset);
            // Unsigned, so that a negative length is refused as too long.
            if (Long.compareUnsigned(length, Math.min(maxBytes, chunk.length - offset - Long.BYTES)) > 0) {
                break;
            }
            if (index % EncodedStrings.STRIDE == 0) {
                strideStarts[index / EncodedStrings.STRIDE] = chunkStart + offset;
            }
            offset += Long.BYTES + (int) length;
            index++;
        }
        this.offset = offset;
        return index;
    }

    /** The bytes from {@code start} to the current position, which must be further on. */
    HeaderBytes bytesSince(long start, String what) throws IOException {
        long end = position();
        readUpTo(end, what);
        return read.slice(start, end);
    }

    /** Reads the next {@code count} bytes from the file if need be, moves past them and returns where they start. */
    private long advance(int count, String what) throws IOException {
        if (count > remaining()) {
            throw truncated(count, what);
        }
        long start = position();
        readUpTo(start + count, what);
        moveTo(start + count);
        return start;
    }

    private void moveTo(long position) {
        if (position < readEnd) {
            int index = (int) (position >>> HeaderBytes.CHUNK_SHIFT);
            chunk = chunks[index];
            chunkStart = (long) index << HeaderBytes.CHUNK_SHIFT;
        } else {
            chunk = NOT_READ_YET;
            chunkStart = position;
        }
        offset = (int) (position - chunkStart);
    }

    private void readUpTo(long end, String what) throws IOException {
        while (readEnd < end) {
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
                read = new HeaderBytes(chunks, 0);
            }
            byte[] chunk = new byte[(int) Math.min(HeaderBytes.CHUNK_BYTES, size - readEnd)];
            readFully(ByteBuffer.wrap(chunk), readEnd, what);
            chunks[chunkCount++] = chunk;
            readEnd += chunk.length;
        }
    }

    private void readFully(ByteBuffer target, long from, String what) throws IOException {
        if (!(channel instanceof FileChannel)) {
            channel.position(from);
        }
        while (target.hasRemaining()) {
            int count = channel instanceof FileChannel file
                    ? file.read(target, from + target.position())
                    : channel.read(target);
            if (count < 0) {
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
