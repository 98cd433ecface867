package dev.hangar.server.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One status change of a dataset, with why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetEvent(Instant at, DatasetStatus status, String reason) {}
