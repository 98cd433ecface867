package dev.hangar.server.dataset;

import dev.hangar.server.core.PageRequest;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.imports.ImportedQuery;
import java.util.Locale;
import java.util.Optional;

/** A filtered, sorted page of the datasets a user may see. {@code q} matches name and description, case-insensitively. */
record DatasetQuery(
        Optional<String> q,
        Optional<DatasetFormat> format,
        Optional<DatasetSchema> schema,
        Optional<Visibility> visibility,
        Optional<DatasetStatus> status,
        Sort sort,
        PageRequest page)
        implements ImportedQuery<DatasetStatus> {

    @Override
    public String orderBy() {
        return sort.sql;
    }

    /** Sort orders of the dataset list. */
    enum Sort {
        NEWEST("d.created_at desc, d.id desc"),
        OLDEST("d.created_at asc, d.id asc"),
        NAME("d.name asc, d.id asc"),
        LARGEST("d.size_bytes desc nulls last, d.id desc"),
        ROWS("d.row_count desc nulls last, d.id desc");

        final String sql;

        Sort(String sql) {
            this.sql = sql;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
