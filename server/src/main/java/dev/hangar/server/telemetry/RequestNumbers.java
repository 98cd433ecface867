package dev.hangar.server.telemetry;

import java.time.Clock;
import java.time.Instant;

/**
 * Numbers the requests the request log takes: strictly increasing, also across restarts, each the
 * microsecond it was given (or just after the last one, when the clock stood still or went back),
 * so that a number tells which days of the log to read for the numbers after it.
 */
final class RequestNumbers {

    private static final long PER_MILLI = 1000;

    private final Clock clock;
    private long last;

    RequestNumbers(Clock clock) {
        this.clock = clock;
    }

    /** Numbers after {@code seq} only from now on. */
    synchronized void skipTo(long seq) {
        last = Math.max(last, seq);
    }

    /** The first of {@code count} consecutive numbers. */
    synchronized long next(int count) {
        long first = Math.max(last + 1, clock.millis() * PER_MILLI);
        last = first + count - 1;
        return first;
    }

    static Instant timeOf(long seq) {
        return Instant.ofEpochMilli(seq / PER_MILLI);
    }
}
