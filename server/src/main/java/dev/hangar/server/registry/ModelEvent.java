package dev.hangar.server.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One status change of a model, with why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEvent(Instant at, ModelStatus status, String reason) {}
