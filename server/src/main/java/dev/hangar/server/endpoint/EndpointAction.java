package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a user can ask of an endpoint; {@link EndpointState#allows} says when. */
enum EndpointAction {
    START,
    STOP,
    RESTART,
    SCALE,
    /** Change the runtime, engine arguments, resource or environment. */
    CONFIGURE,
    DELETE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
