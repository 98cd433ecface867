package dev.hangar.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a small UTF-8 text file from an untrusted model directory, refusing it past a size cap. */
public final class BoundedTextFile {
    private BoundedTextFile() {}

    /**
     * @param source names the file in error locations, e.g. {@code "config.json"}
     * @throws InvalidModelFile if the file holds more than {@code maxBytes} or is not valid UTF-8
     */
    public static String read(Path file, long maxBytes, String source) throws IOException {
        if (Files.size(file) > maxBytes) {
            throw tooLarge(maxBytes, source);
        }
        byte[] bytes;
        // The size may have changed since it was taken: read one byte past the cap to notice.
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes, source);
        }
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

    private static InvalidModelFile tooLarge(long maxBytes, String source) {
        return new InvalidModelFile("file is larger than the limit of " + maxBytes + " bytes", source);
    }
}
