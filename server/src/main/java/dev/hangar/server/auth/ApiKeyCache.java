package dev.hangar.server.auth;

import dev.hangar.server.auth.ApiKeyRepository.KeyOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys checked recently, by hash, so that a request's key check is a map lookup instead of a
 * database query. Revoking a key or deleting a user removes their entries at once; an entry is
 * also reloaded after {@link #TIME_TO_LIVE}, which bounds how long a change made outside this
 * process (another server on the same PostgreSQL) takes to apply. Unknown keys are not kept, so
 * guessing cannot fill it; past {@link #MAX_ENTRIES} it starts over.
 *
 * <p>A key loaded from the database is only kept when nothing was forgotten while it was being
 * loaded ({@link #stamp()}), so a check racing a revocation cannot bring the revoked key back.
 */
class ApiKeyCache {

    static final Duration TIME_TO_LIVE = Duration.ofSeconds(30);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(KeyOwner key, Instant loadedAt) {}

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private final AtomicLong forgets = new AtomicLong();

    Optional<KeyOwner> get(String hash, Instant now) {
        Entry entry = byHash.get(hash);
        if (entry == null || entry.loadedAt().plus(TIME_TO_LIVE).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(entry.key());
    }

    /** Taken before loading a key; {@link #put} ignores the key if anything was forgotten since. */
    long stamp() {
        return forgets.get();
    }

    void put(String hash, KeyOwner key, Instant now, long stamp) {
        if (forgets.get() != stamp) {
            return;
        }
        if (byHash.size() >= MAX_ENTRIES) {
            byHash.clear();
        }
        byHash.put(hash, new Entry(key, now));
    }

    void forgetKey(String keyId) {
        forgets.incrementAndGet();
        byHash.values().removeIf(entry -> entry.key().keyId().equals(keyId));
    }

    void forgetUser(String userId) {
        forgets.incrementAndGet();
        byHash.values().removeIf(entry -> entry.key().user().id().equals(userId));
    }
}
