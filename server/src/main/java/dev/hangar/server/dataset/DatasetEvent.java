package dev.hangar.server.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One status change of a dataset, with why: {@code reason} in English, {@code code} and {@code params}
 * (docs/api.md, Messages) for the UI to show it in the reader's language; absent on events recorded
 * before they existed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetEvent(Instant at, DatasetStatus status, String reason, String code, Map<String, Object> params) {}
