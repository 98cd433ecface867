package dev.hangar.server.resource;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a resource may be used for. */
public enum ResourceOperation {
    DEPLOY,
    FINETUNE,
    EVALUATE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ResourceOperation of(String value) {
        return Arrays.stream(values())
                .filter(o -> o.toString().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.toString(values())));
    }
}
