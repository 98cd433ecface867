package dev.hangar.server.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When each endpoint is looked at next: at once after a wake-up, after a Requeue's delay, and
 * after a failed pass with a backoff that doubles with each failure in a row, from
 * {@link #FIRST_BACKOFF} up to {@link #MAX_BACKOFF}; a Done or Requeue resets it.
 */
final class WakeSchedule {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    void wake(String id, Instant now) {
        due.merge(id, now, WakeSchedule::earlier);
    }

    /** A pass over the endpoint begins: what was due is being done; wake-ups from now on ask for another pass. */
    void begin(String id) {
        due.remove(id);
    }

    /** Records what the pass decided and schedules the next pass it asks for. */
    void decided(String id, Decision decision, Instant now) {
        boolean retry = decision instanceof Decision.Failed failed && failed.retryable();
        if (!retry) {
            failures.remove(id);
        }
        Duration after = retry
                ? backoff(failures.merge(id, 1, Integer::sum))
                : decision instanceof Decision.Requeue requeue ? requeue.after() : null;
        if (after != null) {
            due.merge(id, now.plus(after), WakeSchedule::earlier);
        }
    }

    /**
     * Whether the endpoint waits out the backoff of a failed pass at {@code now}: the safety poll
     * leaves it alone then, so the backoff holds past the poll's interval (a wake-up still ends it).
     */
    boolean backingOff(String id, Instant now) {
        Instant at = due.get(id);
        return failures.containsKey(id) && at != null && at.isAfter(now);
    }

    /** Failed passes in a row so far. */
    int failuresInARow(String id) {
        return failures.getOrDefault(id, 0);
    }

    /** The endpoints due at {@code now} that {@code free} lets run. */
    List<String> dueAt(Instant now, Predicate<String> free) {
        return due.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now) && free.test(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The earliest time an endpoint that {@code free} lets run is due, or {@code latest} when that is sooner. */
    Instant next(Instant latest, Predicate<String> free) {
        return due.entrySet().stream()
                .filter(e -> free.test(e.getKey()))
                .map(Map.Entry::getValue)
                .reduce(latest, WakeSchedule::earlier);
    }

    /** The wait after the {@code inARow}-th failed pass in a row. */
    static Duration backoff(int inARow) {
        return doubling(FIRST_BACKOFF, MAX_BACKOFF, inARow);
    }

    /** {@code first}, doubled for each of the {@code count - 1} before, at most {@code max}. */
    static Duration doubling(Duration first, Duration max, int count) {
        Duration wait = first.multipliedBy(1L << Math.clamp(count - 1, 0, 30));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
