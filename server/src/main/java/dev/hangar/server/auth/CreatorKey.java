package dev.hangar.server.auth;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import java.time.Instant;
import java.util.Optional;

/**
 * The API key a new key is created with: the new key gets no more than it. A limit the new key
 * leaves unset is its creator's, one set higher is refused, and it expires no later than its
 * creator (never, only if the creator never expires).
 */
record CreatorKey(KeyLimits limits, Optional<Instant> expiresAt) {

    static CreatorKey of(ApiKey key) {
        return new CreatorKey(
                key.limits() == null ? KeyLimits.NONE : key.limits(), Optional.ofNullable(key.expiresAt()));
    }

    KeyLimits narrow(KeyLimits requested) {
        requested.requireWithin(limits, MessageCode.KEY_WHOSE_CREATOR.with());
        return requested.orElse(limits);
    }

    Optional<Instant> narrow(Optional<Instant> requested) {
        if (requested.isPresent() && expiresAt.isPresent() && requested.get().isAfter(expiresAt.get())) {
            throw ApiException.invalidField(
                    "expiresAt", MessageCode.KEY_EXPIRY_AFTER_CREATOR.with("at", expiresAt.get()));
        }
        return requested.or(() -> expiresAt);
    }
}
