package dev.hangar.formats.safetensors;

import dev.hangar.formats.BoundedTextFile;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a JSON file that sits next to model weights, refusing it past a size cap before parsing it strictly. */
public final class JsonFileReader {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private JsonFileReader() {}

    /**
     * @param source names the file in error locations, e.g. {@code "config.json"}
     * @throws dev.hangar.formats.InvalidModelFile if the file holds more than {@code maxBytes}, is not UTF-8 or is not
     *     strict JSON
     */
    public static JsonValue read(Path file, long maxBytes, String source) throws IOException {
        String text = BoundedTextFile.read(file, maxBytes, source);
        // RFC 8259 §8.1 lets a parser ignore a byte order mark; editors on Windows add one.
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        return StrictJsonParser.parse(text, source);
    }
}
