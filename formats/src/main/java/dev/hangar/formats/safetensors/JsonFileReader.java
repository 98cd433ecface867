package dev.hangar.formats.safetensors;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a JSON file that sits next to model weights, refusing it past a size cap before parsing it strictly. */
public final class JsonFileReader {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private JsonFileReader() {}

    /**
     * @param source names the file in error locations, e.g. {@code "config.json"}
     * @throws InvalidModelFile if the file holds more than {@code maxBytes}, is not UTF-8 or is not strict JSON
     */
    public static JsonValue read(Path file, long maxBytes, String source) throws IOException {
        byte[] bytes;
        // Reading one byte past the cap, rather than trusting a size taken earlier, also catches a file that grows.
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(Math.toIntExact(Math.min(maxBytes + 1, Integer.MAX_VALUE - 8)));
        }
        if (bytes.length > maxBytes) {
            throw new InvalidModelFile("file is larger than the limit of " + maxBytes + " bytes", source);
        }
        String text = decodeUtf8(bytes, source);
        // RFC 8259 §8.1 lets a parser ignore a byte order mark; editors on Windows add one.
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        return StrictJsonParser.parse(text, source);
    }

    private static String decodeUtf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException malformed) {
            throw new InvalidModelFile("file is not valid UTF-8", source);
        }
    }
}
