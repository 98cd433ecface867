package dev.hangar.server.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The value kinds engine arguments take; each has its own validation and rendering. */
public enum ArgType {
    ENUM,
    BOOL,
    INT,
    FLOAT,
    STRING,
    PATH;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
