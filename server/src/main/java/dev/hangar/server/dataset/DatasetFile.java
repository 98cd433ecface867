package dev.hangar.server.dataset;

import java.util.List;

/** One file of a dataset: its path relative to the dataset's root, size, row count and column names. */
public record DatasetFile(String name, long sizeBytes, long rows, List<String> columns) {

    public DatasetFile {
        columns = List.copyOf(columns);
    }
}
