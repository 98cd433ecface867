package dev.hangar.server.auth;

import dev.hangar.server.core.ServiceThread;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * When API keys were last used, written to the database in batches: checking a key only notes the
 * time in memory, and a thread of its own writes what was noted every {@link #WRITE_EVERY} (and at
 * stop), so that no request, on an event loop least of all, waits for the write. Listing keys shows
 * the noted times not written yet ({@link #withNoted}). A write that fails is tried again with the
 * next batch: a last-used time is a convenience for people, never worth failing a request.
 */
@Component
class LastUsedTimes implements SmartLifecycle {

    static final Duration WRITE_EVERY = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(LastUsedTimes.class);

    private final ApiKeyRepository keys;
    /** Times noted and not written yet, by key id. */
    private final Map<String, Instant> noted = new ConcurrentHashMap<>();

    private final ServiceThread writer = new ServiceThread("api-key-last-used");

    LastUsedTimes(ApiKeyRepository keys) {
        this.keys = keys;
    }

    /** Notes that the key was used at {@code usedAt}; never blocks. */
    void note(String keyId, Instant usedAt) {
        noted.merge(keyId, usedAt, LastUsedTimes::later);
    }

    /** Drops what was noted of a revoked key. */
    void forget(String keyId) {
        noted.remove(keyId);
    }

    /** The key as listed, with its last use noted here when that is later than the database's. */
    ApiKey withNoted(ApiKey key) {
        Instant pending = noted.get(key.id());
        if (pending == null || (key.lastUsedAt() != null && !pending.isAfter(key.lastUsedAt()))) {
            return key;
        }
        return new ApiKey(
                key.id(),
                key.name(),
                key.prefix(),
                key.owner(),
                key.createdAt(),
                key.expiresAt(),
                pending,
                key.limits());
    }

    /** Writes every time noted so far; one that fails is noted again for the next batch. */
    void writeNoted() {
        int failed = 0;
        RuntimeException failure = null;
        for (String id : List.copyOf(noted.keySet())) {
            Instant usedAt = noted.remove(id);
            if (usedAt == null) {
                continue;
            }
            try {
                keys.touch(id, usedAt);
            } catch (RuntimeException e) {
                note(id, usedAt);
                failed++;
                failure = e;
            }
        }
        if (failure != null) {
            log.warn(
                    "api keys: could not record when {} keys were last used ({}); trying again in {} s",
                    failed,
                    failure.toString(),
                    WRITE_EVERY.toSeconds());
        }
    }

    @Override
    public void start() {
        writer.start(this::writeUntilStopped);
    }

    @Override
    public void stop() {
        writer.stop();
        writeNoted();
    }

    @Override
    public boolean isRunning() {
        return writer.running();
    }

    /** Stops after the web server, so that the last requests' times are written too. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void writeUntilStopped() {
        while (writer.running()) {
            try {
                Thread.sleep(WRITE_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            writeNoted();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
