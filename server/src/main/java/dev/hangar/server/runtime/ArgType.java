package dev.hangar.server.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The value kinds engine arguments take; each has its own validation and rendering. A {@code MODEL}
 * names a registry model (never a server path); a {@code TEMPLATE} is inline text (never a path).
 */
public enum ArgType {
    ENUM,
    BOOL,
    INT,
    FLOAT,
    STRING,
    MODEL,
    TEMPLATE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
