package dev.hangar.server.auth;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.RetryLaterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing, by username and by client address: past a number of free failures,
 * each further attempt must wait a delay that doubles with every failure, up to a cap; a refused
 * attempt costs no bcrypt. An attempt counts as failed from its start (so parallel guesses count
 * too) until it succeeds. Counts live in memory (a restart forgets them) and are dropped once
 * their longest delay has passed; past {@link #MAX_TRACKED} keys the expired ones are swept and,
 * if that is not enough, all are dropped, so spraying addresses cannot grow the heap.
 */
@Component
class LoginThrottle {

    static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant last) {}

    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final HangarProperties.Login settings;
    private final Clock clock;

    LoginThrottle(HangarProperties properties, Clock clock) {
        this.settings = properties.login();
        this.clock = clock;
    }

    /** Refuses (429) while a delay runs for this user or address; else counts the attempt as a failure until {@link #succeeded}. */
    void begin(String username, String address) {
        Instant now = clock.instant();
        Duration wait = max(
                waitFor(byUser, username, settings.freeFailuresPerUser(), now),
                waitFor(byAddress, address, settings.freeFailuresPerAddress(), now));
        if (wait.isPositive()) {
            throw new RetryLaterException(
                    MessageCode.AUTH_TOO_MANY_LOGINS.with("seconds", Math.max(1, wait.toSeconds())), wait);
        }
        fail(byUser, username, now);
        fail(byAddress, address, now);
    }

    /** The password was right: the user's failures are forgotten, and this attempt is taken off the address's. */
    void succeeded(String username, String address) {
        byUser.remove(username);
        byAddress.computeIfPresent(
                address,
                (key, failures) -> failures.count() <= 1 ? null : new Failures(failures.count() - 1, failures.last()));
    }

    private Duration waitFor(Map<String, Failures> counts, String key, int free, Instant now) {
        Failures failures = counts.get(key);
        if (failures == null || failures.count() < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures.count() - free, 30);
        Duration delay = settings.firstDelay().multipliedBy(1L << doublings);
        if (delay.compareTo(settings.maxDelay()) > 0) {
            delay = settings.maxDelay();
        }
        return Duration.between(now, failures.last().plus(delay));
    }

    private void fail(Map<String, Failures> counts, String key, Instant now) {
        if (counts.size() >= MAX_TRACKED) {
            counts.values().removeIf(failures -> expired(failures, now));
            if (counts.size() >= MAX_TRACKED) {
                counts.clear();
            }
        }
        counts.compute(
                key,
                (k, failures) -> failures == null || expired(failures, now)
                        ? new Failures(1, now)
                        : new Failures(failures.count() + 1, now));
    }

    private boolean expired(Failures failures, Instant now) {
        return failures.last().plus(settings.maxDelay()).isBefore(now);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
