package dev.hangar.server.dataset;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hangar.server.imports.ImportStatus;
import java.util.Locale;
import java.util.Set;

/**
 * Where a dataset is in its import: {@code importing → ready | failed}. A ready dataset fails
 * later when its files change; a failed or ready one can be imported again (e.g. after the file
 * was fixed or extended).
 */
public enum DatasetStatus implements ImportStatus<DatasetStatus> {
    IMPORTING,
    READY,
    FAILED;

    /** The statuses each status may move to; every transition the code makes is checked against this. */
    @Override
    public Set<DatasetStatus> next() {
        return switch (this) {
            case IMPORTING -> Set.of(READY, FAILED);
            case READY -> Set.of(FAILED, IMPORTING);
            case FAILED -> Set.of(IMPORTING);
        };
    }

    @Override
    public boolean inProgress() {
        return this == IMPORTING;
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DatasetStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
