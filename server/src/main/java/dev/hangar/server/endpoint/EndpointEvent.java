package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to an endpoint: a user's action, a step, a replica started, crashed or
 * adopted. {@code message} is English; {@code code} and {@code params} (docs/api.md, Messages) let
 * the UI show it in the reader's language, and are absent on events recorded before they existed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointEvent(
        long id, Instant at, String level, String replicaId, String message, String code, Map<String, Object> params) {}
