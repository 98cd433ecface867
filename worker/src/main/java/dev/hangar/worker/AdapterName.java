package dev.hangar.worker;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a LoRA adapter may be named: letters, digits, {@code .}, {@code _} and {@code -}, up to 128 (as registry model names), starting with a
 * letter or digit, so that {@code MODEL:NAME} in a request's {@code model} and {@code /adapters/NAME} read one way.
 */
final class AdapterName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private AdapterName() {}

    static boolean isValid(String name) {
        return NAME.matcher(name).matches();
    }

    /** The file name without {@code .gguf}, when that is a valid name. */
    static Optional<String> ofFile(Path file) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".gguf") ? name.substring(0, name.length() - ".gguf".length()) : name;
        return isValid(stem) ? Optional.of(stem) : Optional.empty();
    }

    /** A 400 naming the field when {@code name} is not valid. */
    static String checked(String name, String field) {
        if (!isValid(name)) {
            throw ApiError.badRequest(
                    "'" + field
                            + "' must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit",
                    field);
        }
        return name;
    }
}
