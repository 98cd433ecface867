package dev.hangar.server.auth;

import dev.hangar.server.auth.ApiKeyRepository.KeyOwner;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Checks the API key presented with a request, from the caches of checked and of unknown keys,
 * and notes when it was last used ({@link LastUsedTimes} writes that in batches). A bean of its own,
 * without transactions: calls on the gateway's event loops reach it directly, not through the proxy
 * that {@link ApiKeyService}'s transactions need (a reflective call and an advice lookup on every
 * request).
 */
@Component
public class ApiKeyChecker {

    /** Last-used times are noted at most this often per key, so that checking a key rarely writes. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    /** The outcome of checking a presented key. */
    public sealed interface Check {
        record Valid(AuthenticatedUser user) implements Check {}

        record Invalid(Message reason) implements Check {}
    }

    private final ApiKeyRepository keys;
    private final LastUsedTimes lastUsed;
    private final ApiKeyHasher hasher;
    private final Clock clock;
    private final Counter accepted;
    private final Counter refused;
    private final ApiKeyCache checked = new ApiKeyCache();
    private final UnknownApiKeys unknown = new UnknownApiKeys();
    /** When each key's last-used time was last noted by this process. */
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();

    ApiKeyChecker(
            ApiKeyRepository keys, LastUsedTimes lastUsed, ApiKeyHasher hasher, Clock clock, MeterRegistry meters) {
        this.keys = keys;
        this.lastUsed = lastUsed;
        this.hasher = hasher;
        this.clock = clock;
        this.accepted = checks(meters, "accepted");
        this.refused = checks(meters, "refused");
    }

    private static Counter checks(MeterRegistry meters, String result) {
        return Counter.builder("hangar.auth.api.key.checks")
                .description("API keys presented with requests, by outcome")
                .tag("result", result)
                .register(meters);
    }

    /**
     * Checks a key presented with a request, reading the database when the key was not checked
     * recently or found unknown. Blocks: event loops call {@link #checkCached} first.
     */
    public Check check(String apiKey) {
        String hash = hasher.hash(apiKey);
        Instant now = clock.instant();
        Optional<Check> cached = cached(hash, now);
        if (cached.isPresent()) {
            return cached.get();
        }
        long stamp = checked.stamp();
        Optional<KeyOwner> loaded = keys.findByHash(hash);
        loaded.ifPresentOrElse(key -> checked.put(hash, key, now, stamp), () -> unknown.add(hash, now));
        return judge(loaded, now);
    }

    /**
     * Checks a key without touching the database: answers for a key known or found unknown
     * recently. Empty when only {@link #check} can tell, off the event loop.
     */
    public Optional<Check> checkCached(String apiKey) {
        return cached(hasher.hash(apiKey), clock.instant());
    }

    private Optional<Check> cached(String hash, Instant now) {
        if (unknown.contains(hash, now)) {
            return Optional.of(judge(Optional.empty(), now));
        }
        return checked.get(hash, now).map(key -> judge(Optional.of(key), now));
    }

    private Check judge(Optional<KeyOwner> found, Instant now) {
        if (found.isEmpty()) {
            refused.increment();
            return new Check.Invalid(MessageCode.AUTH_KEY_INVALID.with());
        }
        KeyOwner key = found.get();
        if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
            refused.increment();
            return new Check.Invalid(MessageCode.AUTH_KEY_EXPIRED.with("at", key.expiresAt()));
        }
        Instant noted = touched.getOrDefault(key.keyId(), key.lastUsedAt());
        if (noted == null || noted.plus(LAST_USED_RESOLUTION).isBefore(now)) {
            touched.put(key.keyId(), now);
            lastUsed.note(key.keyId(), now);
        }
        accepted.increment();
        User user = key.user();
        return new Check.Valid(new AuthenticatedUser(
                user.id(), user.username(), user.role(), Optional.of(key.keyId()), key.limits(), user.limits()));
    }

    /** Forgets what was checked of a key whose limits changed: the next request reads them again. */
    void forgetLimits(String keyId) {
        checked.forgetKey(keyId);
    }

    /** Forgets a revoked key: the next request with it fails. */
    void forgetKey(String keyId) {
        checked.forgetKey(keyId);
        touched.remove(keyId);
        lastUsed.forget(keyId);
    }

    /** Forgets the checked keys of a deleted user, or of one whose limits changed. */
    void forgetUser(String userId) {
        checked.forgetUser(userId);
        // A disabled user's keys are found unknown; enabled again, they must work at once.
        unknown.clear();
    }
}
