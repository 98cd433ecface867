package dev.hangar.formats.pickle;

import dev.hangar.formats.InvalidModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one pickle stream, read forward only, with the position known and the end fixed in advance: a declared
 * length that runs past the end is refused before anything is allocated or skipped, and nothing past the end is read,
 * whatever the underlying stream (an inflating zip entry) would still produce.
 */
final class PickleInput {
    /** Longest newline-terminated argument (protocol 0 GLOBAL, INT, STRING …) that is accepted. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final long end;
    private final String source;
    private final ScanLog log;
    private long position;

    /** @param log supplies what was found so far, for the problem text when the stream breaks off */
    PickleInput(InputStream in, long length, String source, ScanLog log) {
        this.in = in;
        this.end = length;
        this.source = source;
        this.log = log;
    }

    long position() {
        return position;
    }

    String source() {
        return source;
    }

    boolean atEnd() {
        return position >= end;
    }

    int u8() throws IOException {
        if (position >= end) {
            throw invalid(position, "pickle is truncated");
        }
        int value = in.read();
        if (value < 0) {
            throw invalid(position, "pickle is truncated");
        }
        position++;
        return value;
    }

    /** An unsigned little-endian integer of {@code width} bytes (1, 2, 4 or 8; 8 may come out negative). */
    long littleEndian(int width) throws IOException {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (long) u8() << (8 * i);
        }
        return value;
    }

    /** Checks a length argument against the bytes left; a negative {@code length} is an unsigned 64-bit one. */
    long checkedLength(long length, long opcodeOffset, String opcode) {
        if (length < 0 || length > end - position) {
            throw invalid(
                    opcodeOffset,
                    opcode + " claims " + Long.toUnsignedString(length) + " bytes but only " + (end - position)
                            + " are left");
        }
        return length;
    }

    byte[] bytes(int length) throws IOException {
        checkInside(length);
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw invalid(position + bytes.length, "pickle is truncated");
        }
        position += length;
        return bytes;
    }

    void skip(long length) throws IOException {
        checkInside(length);
        long skipped = in.skip(length);
        // InputStream.skip may stop short without reaching the end; reading the rest tells the two apart.
        while (skipped < length) {
            if (in.read() < 0) {
                throw invalid(position + skipped, "pickle is truncated");
            }
            skipped++;
            skipped += in.skip(length - skipped);
        }
        position += length;
    }

    InvalidModelFile invalid(long offset, String problem) {
        return InvalidModelFile.at(offset, source, problem + log.findingsSoFar());
    }

    private void checkInside(long length) {
        if (length > end - position) {
            throw invalid(end, "pickle is truncated");
        }
    }

    /** A newline-terminated argument without its newline, decoded as UTF-8 as Python's unpickler does. */
    String line(long opcodeOffset) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int next = u8();
            if (next == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw invalid(opcodeOffset, "line argument is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(next);
        }
    }
}
