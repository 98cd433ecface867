package dev.hangar.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys found unknown recently, by their keyed hash (never the key itself), so that a client
 * repeating a bad key costs a map lookup instead of a database query each time. Entries live for
 * {@link #TIME_TO_LIVE}; past {@link #MAX_ENTRIES} it starts over, so that guessing many different
 * keys cannot make it grow (each of those is one query, and the edge bounds how many run at once).
 * A key created after it was found unknown is recognised once its entry runs out: real keys are
 * random, so no one presents one before it exists.
 */
class UnknownApiKeys {

    static final Duration TIME_TO_LIVE = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 10_000;

    private final Map<String, Instant> foundAt = new ConcurrentHashMap<>();

    boolean contains(String hash, Instant now) {
        Instant at = foundAt.get(hash);
        if (at == null) {
            return false;
        }
        if (at.plus(TIME_TO_LIVE).isBefore(now)) {
            foundAt.remove(hash, at);
            return false;
        }
        return true;
    }

    void add(String hash, Instant now) {
        if (foundAt.size() >= MAX_ENTRIES) {
            foundAt.clear();
        }
        foundAt.put(hash, now);
    }

    /** Forgets every key found unknown: some may be known from now on (their user was enabled again). */
    void clear() {
        foundAt.clear();
    }
}
