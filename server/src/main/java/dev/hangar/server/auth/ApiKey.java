package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An API key as listed: never the key itself, only its {@code prefix} to tell keys apart.
 * {@code expiresAt} and {@code lastUsedAt} are absent when the key never expires or was never used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(
        String id,
        String name,
        String prefix,
        String owner,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt) {}
