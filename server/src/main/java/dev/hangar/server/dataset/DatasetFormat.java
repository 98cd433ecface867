package dev.hangar.server.dataset;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats a dataset may be in, each with the file name extensions that announce it. */
public enum DatasetFormat {
    /** JSON Lines (https://jsonlines.org): one JSON object per line; {@code .json} files are read as lines too. */
    JSONL(List.of(".jsonl", ".json")),
    /** Comma-separated values with a header row, quoted as RFC 4180 says. */
    CSV(List.of(".csv"));

    private final List<String> extensions;

    DatasetFormat(List<String> extensions) {
        this.extensions = extensions;
    }

    /** The format a file name's extension announces, if any. */
    static Optional<DatasetFormat> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> format.extensions.stream().anyMatch(lower::endsWith))
                .findFirst();
    }

    static String knownExtensions() {
        return Arrays.stream(values())
                .flatMap(format -> format.extensions.stream())
                .toList()
                .toString();
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DatasetFormat of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
