package dev.hangar.server.registry;

import dev.hangar.server.core.PageRequest;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.imports.ImportedQuery;
import java.util.Locale;
import java.util.Optional;

/**
 * A filtered, sorted page of the models a user may see. {@code q} matches name, description and
 * architecture, case-insensitively.
 */
public record ModelQuery(
        Optional<String> q,
        Optional<ModelFormat> format,
        Optional<String> architecture,
        Optional<String> task,
        Optional<Visibility> visibility,
        Optional<ModelStatus> status,
        Sort sort,
        PageRequest page)
        implements ImportedQuery<ModelStatus> {

    @Override
    public String orderBy() {
        return sort.sql;
    }

    /** Sort orders of the model list. */
    public enum Sort {
        NEWEST("m.created_at desc, m.id desc"),
        OLDEST("m.created_at asc, m.id asc"),
        NAME("m.name asc, m.id asc"),
        LARGEST("m.size_bytes desc nulls last, m.id desc"),
        PARAMETERS("m.parameter_count desc nulls last, m.id desc");

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
