package dev.hangar.server.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Usage of one group (a user, an API key, an endpoint, or an endpoint's LoRA adapter) over a range. Only the fields of the
 * grouping asked for are present; {@code user} is the user id when the user was deleted since.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageRow(
        String user,
        String apiKeyId,
        String apiKeyName,
        String endpoint,
        String adapter,
        long requests,
        long promptTokens,
        long completionTokens,
        long totalTokens,
        double cost) {}
