package dev.hangar.server.dataset;

import java.util.List;

/**
 * What reading one dataset file learned: its row count, its column names (at most
 * {@value #MAX_COLUMNS}), and whether its sampled {@code messages} values look like a chat.
 */
record FileInspection(long rows, List<String> columns, boolean chatMessages) {

    /** Keeps a file with absurdly many keys or header fields from bloating the database row. */
    static final int MAX_COLUMNS = 1000;

    FileInspection {
        columns = List.copyOf(columns);
    }

    DatasetSchema schema() {
        return DatasetSchema.detect(columns, chatMessages);
    }
}
