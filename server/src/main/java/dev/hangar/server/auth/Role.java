package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hangar.server.core.WireNames;
import java.util.Locale;

/** What a user may do: {@code admin} manages users and the platform; {@code user} works with their own things. */
public enum Role {
    ADMIN,
    USER;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role of(String value) {
        return WireNames.parse(values(), value);
    }

    String authority() {
        return "ROLE_" + name();
    }
}
