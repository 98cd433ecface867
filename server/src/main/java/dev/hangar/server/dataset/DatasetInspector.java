package dev.hangar.server.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads every file of a dataset with its format's inspector and sums them up: rows and bytes, the
 * union of the column names, and the schema the files agree on ({@code tabular} when they do not).
 */
@Component
class DatasetInspector {

    /** What a dataset's files hold, per file and in total. */
    record Inspection(List<DatasetFile> files, long rows, List<String> columns, DatasetSchema schema, long sizeBytes) {}

    private final JsonlInspector jsonl = new JsonlInspector();
    private final CsvInspector csv = new CsvInspector();

    Inspection inspect(Path root, DatasetFiles.Selection selection) throws IOException, InvalidDatasetFile {
        List<DatasetFile> files = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        Set<DatasetSchema> schemas = new LinkedHashSet<>();
        long rows = 0;
        long size = 0;
        for (Path path : selection.files()) {
            String name = Files.isDirectory(root)
                    ? root.relativize(path).toString()
                    : path.getFileName().toString();
            FileInspection file = inspect(name, path, selection.format());
            long bytes = Files.size(path);
            files.add(new DatasetFile(name, bytes, file.rows(), file.columns()));
            for (String column : file.columns()) {
                if (columns.size() < FileInspection.MAX_COLUMNS) {
                    columns.add(column);
                }
            }
            if (file.rows() > 0) {
                schemas.add(file.schema());
            }
            rows += file.rows();
            size += bytes;
        }
        DatasetSchema schema = schemas.size() == 1 ? schemas.iterator().next() : DatasetSchema.TABULAR;
        return new Inspection(files, rows, List.copyOf(columns), schema, size);
    }

    private FileInspection inspect(String name, Path path, DatasetFormat format)
            throws IOException, InvalidDatasetFile {
        try {
            return switch (format) {
                case JSONL -> jsonl.inspect(path);
                case CSV -> csv.inspect(path);
            };
        } catch (InvalidDatasetFile e) {
            throw new InvalidDatasetFile(name + ": " + e.getMessage());
        }
    }
}
