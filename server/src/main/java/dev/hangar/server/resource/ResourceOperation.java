package dev.hangar.server.resource;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hangar.server.core.WireNames;
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
        return WireNames.parse(values(), value);
    }
}
