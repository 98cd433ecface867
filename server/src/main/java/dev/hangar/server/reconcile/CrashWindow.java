package dev.hangar.server.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint's recent replica crashes: how long to wait before the next restart (1 s, doubling
 * per crash in the window, at most 60 s) and whether it crashes too often to keep trying (5
 * crashes within 10 minutes).
 */
record CrashWindow(List<Instant> crashes) {

    static final Duration WINDOW = Duration.ofMinutes(10);
    static final int LIMIT = 5;
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(60);

    CrashWindow {
        crashes = List.copyOf(crashes);
    }

    /** The window with a crash at {@code at} added and crashes older than the window dropped. */
    CrashWindow with(Instant at) {
        List<Instant> kept = new ArrayList<>();
        for (Instant crash : crashes) {
            if (crash.isAfter(at.minus(WINDOW))) {
                kept.add(crash);
            }
        }
        kept.add(at);
        return new CrashWindow(kept);
    }

    boolean exceeded() {
        return crashes.size() >= LIMIT;
    }

    /** The wait before restarting after the latest crash. */
    Duration backoff() {
        return WakeSchedule.doubling(FIRST_DELAY, MAX_DELAY, crashes.size());
    }
}
