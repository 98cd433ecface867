package dev.hangar.server.endpoint;

import java.util.Locale;

/** What the user last asked for: the endpoint serving, or not. The reconciler makes it so. */
public enum DesiredState {
    RUNNING,
    STOPPED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DesiredState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
