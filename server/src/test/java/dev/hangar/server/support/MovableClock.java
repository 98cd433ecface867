package dev.hangar.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock a test sets by hand (to a month's last minutes, then past midnight) and that runs on from there. */
public final class MovableClock extends Clock {

    private volatile Instant setTo;
    private volatile long setAtNanos;

    public MovableClock(Instant start) {
        set(start);
    }

    public void set(Instant now) {
        setAtNanos = System.nanoTime();
        setTo = now;
    }

    @Override
    public Instant instant() {
        return setTo.plus(Duration.ofNanos(System.nanoTime() - setAtNanos));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a MovableClock is in UTC, as Hangar's clock is");
    }
}
