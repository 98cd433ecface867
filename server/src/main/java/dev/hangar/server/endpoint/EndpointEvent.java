package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Something that happened to an endpoint: a user's action, a step, a replica started, crashed or adopted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointEvent(long id, Instant at, String level, String replicaId, String message) {}
