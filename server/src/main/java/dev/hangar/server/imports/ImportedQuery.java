package dev.hangar.server.imports;

import dev.hangar.server.core.PageRequest;
import dev.hangar.server.core.Visibility;
import java.util.Optional;

/** The filters and page every list of imported things has; each kind adds its own filters and sort orders. */
public interface ImportedQuery<S> {

    /** Text matched case-insensitively against the kind's searched columns. */
    Optional<String> q();

    Optional<Visibility> visibility();

    Optional<S> status();

    /** The {@code order by} of the chosen sort. */
    String orderBy();

    PageRequest page();
}
