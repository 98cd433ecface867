package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The answer to creating a key: the only time {@code key} is shown in clear. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatedApiKey(
        String id,
        String name,
        String prefix,
        String owner,
        String key,
        Instant createdAt,
        Instant expiresAt,
        KeyLimits limits) {}
