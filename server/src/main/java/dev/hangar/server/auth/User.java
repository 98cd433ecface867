package dev.hangar.server.auth;

import java.time.Instant;

/** A person (or a service account) who owns API keys, models and endpoints, within the limits an admin set. */
public record User(String id, String username, Role role, Instant createdAt, UserLimits limits) {}
