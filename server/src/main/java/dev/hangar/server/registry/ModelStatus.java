package dev.hangar.server.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.hangar.server.imports.ImportStatus;
import java.util.Locale;
import java.util.Set;

/**
 * Where a model is in its import: {@code importing → scanning → ready | failed | quarantined}.
 * A ready model can still fail later (its file changed or vanished); a failed one can be imported
 * again. Only {@code ready} models are deployable.
 */
public enum ModelStatus implements ImportStatus<ModelStatus> {
    IMPORTING,
    SCANNING,
    READY,
    FAILED,
    QUARANTINED;

    /** The statuses each status may move to; every transition the code makes is checked against this. */
    @Override
    public Set<ModelStatus> next() {
        return switch (this) {
            case IMPORTING -> Set.of(SCANNING, FAILED);
            case SCANNING -> Set.of(READY, FAILED, QUARANTINED);
            case READY -> Set.of(FAILED);
            case FAILED -> Set.of(IMPORTING);
            case QUARANTINED -> Set.of();
        };
    }

    @Override
    public boolean inProgress() {
        return this == IMPORTING || this == SCANNING;
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ModelStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
