package dev.hangar.server.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who may see a thing: {@code private} (its owner and admins, the default) or {@code public} (every user). */
public enum Visibility {
    PRIVATE,
    PUBLIC;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Visibility of(String value) {
        return WireNames.parse(values(), value);
    }
}
