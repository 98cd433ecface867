package dev.hangar.server.endpoint;

import dev.hangar.server.core.PageRequest;
import dev.hangar.server.core.Visibility;
import java.util.Optional;

/** A filtered page of the endpoints a user may see; {@code q} matches name and description. */
record EndpointQuery(
        Optional<String> q,
        Optional<EndpointState> state,
        Optional<String> runtime,
        Optional<String> modelId,
        Optional<Visibility> visibility,
        PageRequest page) {}
