package dev.hangar.formats.hf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code license:} line of a model card's YAML front matter (the block between {@code ---} lines at the top of
 * {@code README.md}), where the Hub keeps a model's license; {@code config.json} has none.
 */
final class ModelCardLicense {
    static final String FILE_NAME = "README.md";

    /** Front matter sits at the top, so a bounded prefix is enough, and a huge card costs nothing more. */
    static final int PREFIX_BYTES = 64 * 1024;

    private static final String FENCE = "---";
    private static final String KEY = "license:";

    private ModelCardLicense() {}

    static Optional<String> read(Path readme) throws IOException {
        byte[] prefix;
        try (InputStream in = Files.newInputStream(readme)) {
            prefix = in.readNBytes(PREFIX_BYTES);
        }
        // Lenient decoding: the card is prose for people, and a cut at the prefix may split a character.
        String[] lines = new String(prefix, StandardCharsets.UTF_8).split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals(FENCE)) {
            return Optional.empty();
        }
        for (int i = 1; i < lines.length && !lines[i].strip().equals(FENCE); i++) {
            if (lines[i].startsWith(KEY)) {
                String value = unquote(lines[i].substring(KEY.length()).strip());
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
