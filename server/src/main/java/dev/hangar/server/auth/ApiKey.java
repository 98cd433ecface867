package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An API key as listed: never the key itself, only its {@code prefix} to tell keys apart.
 * {@code expiresAt}, {@code lastUsedAt} and {@code limits} are absent when the key never expires,
 * was never used, or has no gateway limits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(
        String id,
        String name,
        String prefix,
        String owner,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        KeyLimits limits) {}
