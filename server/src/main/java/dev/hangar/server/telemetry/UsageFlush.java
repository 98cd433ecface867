package dev.hangar.server.telemetry;

import java.util.Map;

/**
 * One write of usage to the database: the per-minute counts of the requests the request log
 * numbered {@code firstSeq} to {@code lastSeq}. The database records each flush it applied (by
 * {@code lastSeq}), so applying one again changes nothing.
 */
record UsageFlush(long firstSeq, long lastSeq, Map<UsageMinute, UsageMinute.Counts> minutes) {

    UsageFlush {
        minutes = Map.copyOf(minutes);
    }

    long requests() {
        return minutes.values().stream().mapToLong(counts -> counts.requests).sum();
    }
}
