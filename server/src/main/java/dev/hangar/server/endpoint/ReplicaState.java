package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where one replica slot is: its process starting (not yet healthy and verified), ready for
 * traffic, failed (waiting to be restarted), being stopped, or stopped (no process).
 */
public enum ReplicaState {
    STARTING,
    READY,
    FAILED,
    STOPPING,
    STOPPED;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReplicaState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
