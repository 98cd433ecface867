package dev.hangar.server.auth;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each user's limits and quotas: the defaults a new user gets (HANGAR_USER_*), what admins set,
 * and the lookup other features (the registry's storage quota) read them through.
 */
@Service
public class UserLimitsService {

    private static final Logger log = LoggerFactory.getLogger(UserLimitsService.class);

    private final UserRepository users;
    private final ApiKeyService keys;
    private final HangarProperties.Limits defaults;

    UserLimitsService(UserRepository users, ApiKeyService keys, HangarProperties properties) {
        this.users = users;
        this.keys = keys;
        this.defaults = properties.limits();
    }

    /** What a new user gets: the configured defaults for the {@code user} role, no limits for an admin. */
    public UserLimits forNewUser(Role role) {
        if (role == Role.ADMIN) {
            return UserLimits.NONE;
        }
        return new UserLimits(
                defaults.requestsPerMinute(),
                defaults.tokensPerMinute(),
                defaults.monthlyTokens(),
                defaults.maxKeys(),
                defaults.maxEndpoints(),
                defaults.maxReplicas(),
                defaults.storage() == null ? null : defaults.storage().toBytes());
    }

    /** The user's limits as they are now; {@link UserLimits#NONE} for a user who does not exist (any more). */
    public UserLimits of(String userId) {
        return users.findById(userId).map(User::limits).orElse(UserLimits.NONE);
    }

    /**
     * Locks the user's row until the current transaction ends and answers their limits, so that a
     * count checked against them and the write it allows happen one at a time per user.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserLimits lock(String userId) {
        users.lock(userId);
        return of(userId);
    }

    /** Replaces a user's limits (an absent one is lifted); their keys and sessions are held to them from the next request. */
    @Transactional
    public User set(AuthenticatedUser caller, User user, UserLimits limits) {
        if (!users.updateLimits(user.id(), limits)) {
            throw ApiException.notFound(MessageCode.NOUN_USER, user.id());
        }
        keys.forgetUser(user.id());
        log.info("user {} limits set to {} by {}", user.username(), limits, caller.username());
        return users.findById(user.id()).orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_USER, user.id()));
    }
}
