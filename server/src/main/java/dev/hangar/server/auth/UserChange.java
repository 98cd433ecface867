package dev.hangar.server.auth;

import java.util.Optional;

/** What an admin changes of a user: their role, whether they are disabled, their limits; an empty part stays as it is. */
public record UserChange(Optional<Role> role, Optional<Boolean> disabled, Optional<UserLimits> limits) {

    static UserChange disabled(boolean disabled) {
        return new UserChange(Optional.empty(), Optional.of(disabled), Optional.empty());
    }
}
