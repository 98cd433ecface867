package dev.hangar.server.dataset;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.registry.LocalPathPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Which files make up a dataset and in which format: a single file (its format named or told by
 * its extension), or a directory's JSONL or CSV files, e.g. {@code train.jsonl} and
 * {@code validation.jsonl}; other files in the directory (a README) are not part of it.
 */
@Component
class DatasetFiles {

    /** A dataset's format and its files, sorted. */
    record Selection(DatasetFormat format, List<Path> files) {}

    private final LocalPathPolicy paths;

    DatasetFiles(LocalPathPolicy paths) {
        this.paths = paths;
    }

    /** The dataset under {@code root}, a real path the policy allowed; a 400 saying why when there is none. */
    Selection select(Path root, Optional<DatasetFormat> requested) throws IOException {
        if (Files.isRegularFile(root)) {
            DatasetFormat format = requested
                    .or(() -> DatasetFormat.ofFileName(root.getFileName().toString()))
                    .orElseThrow(() -> ApiException.invalidField(
                            "source.path",
                            MessageCode.DATASET_EXTENSION.with(
                                    "name", root.getFileName(), "extensions", DatasetFormat.knownExtensions())));
            return new Selection(format, List.of(root));
        }
        List<Path> files = paths.files(root).stream()
                .filter(file -> DatasetFormat.ofFileName(file.getFileName().toString())
                        .filter(format -> requested.isEmpty() || requested.get() == format)
                        .isPresent())
                .toList();
        Set<DatasetFormat> formats = files.stream()
                .map(file ->
                        DatasetFormat.ofFileName(file.getFileName().toString()).orElseThrow())
                .collect(Collectors.toSet());
        if (formats.isEmpty()) {
            throw ApiException.invalidField(
                    "source.path",
                    MessageCode.DATASET_NO_FILES.with(
                            "format",
                            requested.map(f -> f + " ").orElse(""),
                            "extensions",
                            DatasetFormat.knownExtensions()));
        }
        if (formats.size() > 1) {
            throw ApiException.invalidField("format", MessageCode.DATASET_BOTH_FORMATS.with());
        }
        return new Selection(formats.iterator().next(), files);
    }
}
