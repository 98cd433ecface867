package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
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
        return Arrays.stream(values())
                .filter(r -> r.toString().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.toString(values())));
    }

    String authority() {
        return "ROLE_" + name();
    }
}
