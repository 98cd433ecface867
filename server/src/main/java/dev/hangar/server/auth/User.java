package dev.hangar.server.auth;

import java.time.Instant;

/**
 * A person (or a service account) who owns API keys, models and endpoints. A disabled user can
 * neither log in nor use their keys; what they own stays.
 */
public record User(String id, String username, Role role, Instant createdAt, boolean disabled) {

    /** A new user: enabled. */
    public User(String id, String username, Role role, Instant createdAt) {
        this(id, username, role, createdAt, false);
    }
}
