package dev.hangar.formats.safetensors;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and validates the header of a safetensors file (8-byte little-endian length, then a JSON header) without
 * reading tensor data, enforcing the reference implementation's rules: bounded header, strict UTF-8 JSON, known
 * dtypes, byte lengths matching dtype × shape, and tensors tiling the data buffer exactly.
 */
public final class SafetensorsReader {
    /** The reference implementation's MAX_HEADER_SIZE. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    static final String SOURCE = "safetensors header";

    private SafetensorsReader() {}

    public static SafetensorsFile read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(channel);
        }
    }

    /** Reads the safetensors file that starts at byte 0 of {@code channel}; the channel is left open. */
    public static SafetensorsFile read(SeekableByteChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw InvalidModelFile.at(
                    0, SOURCE, "file is truncated: " + fileSize + " bytes, too short for the header length");
        }
        long headerLength =
                readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw InvalidModelFile.at(
                    0,
                    SOURCE,
                    "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of " + MAX_HEADER_BYTES
                            + " bytes");
        }
        if (headerLength > fileSize - 8) {
            throw InvalidModelFile.at(
                    0, SOURCE, "header length " + headerLength + " runs past the end of the file at byte " + fileSize);
        }
        ByteBuffer header = readFully(channel, 8, (int) headerLength);
        if (headerLength == 0 || header.get(0) != '{') {
            throw InvalidModelFile.at(8, SOURCE, "header does not start with '{'");
        }
        // It starts with '{', so whatever parses is an object.
        JsonValue.JsonObject object = (JsonValue.JsonObject) StrictJsonParser.parse(decodeUtf8(header), SOURCE);
        long dataStart = 8 + headerLength;
        return TensorEntries.interpret(object, dataStart, fileSize);
    }

    private static String decodeUtf8(ByteBuffer header) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(header);
            return chars.toString();
        } catch (CharacterCodingException malformed) {
            throw InvalidModelFile.at(8 + header.position(), SOURCE, "header is not valid UTF-8");
        }
    }

    private static ByteBuffer readFully(SeekableByteChannel channel, long from, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(from);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw InvalidModelFile.at(from + buffer.position(), SOURCE, "file is truncated");
            }
        }
        return buffer.flip();
    }
}
