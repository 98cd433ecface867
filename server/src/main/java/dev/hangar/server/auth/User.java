package dev.hangar.server.auth;

import java.time.Instant;

/**
 * A person (or a service account) who owns API keys, models and endpoints, within the limits an
 * admin set. A disabled user can neither log in nor use their keys; what they own stays.
 */
public record User(String id, String username, Role role, Instant createdAt, UserLimits limits, boolean disabled) {

    /** A new user: enabled. */
    public User(String id, String username, Role role, Instant createdAt, UserLimits limits) {
        this(id, username, role, createdAt, limits, false);
    }
}
