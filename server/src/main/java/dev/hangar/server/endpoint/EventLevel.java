package dev.hangar.server.endpoint;

import java.util.Locale;

/** How much an endpoint event matters; the events table and the API spell it in lower case. */
public enum EventLevel {
    INFO,
    WARNING,
    ERROR;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
