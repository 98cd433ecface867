package dev.hangar.server.auth;

import java.util.Optional;

/**
 * Who is calling: the user with their limits, and the API key they used ({@code apiKeyId} is empty
 * for a browser session) with its gateway limits ({@link KeyLimits#NONE} for a session). Controllers
 * receive it with {@code @AuthenticationPrincipal}.
 */
public record AuthenticatedUser(
        String userId, String username, Role role, Optional<String> apiKeyId, KeyLimits limits, UserLimits userLimits) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
