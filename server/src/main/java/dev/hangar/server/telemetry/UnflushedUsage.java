package dev.hangar.server.telemetry;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Usage the database has not been asked to take yet: the per-minute counts of a run of numbered requests. */
final class UnflushedUsage {

    private final Map<UsageMinute, UsageMinute.Counts> minutes = new HashMap<>();
    private long firstSeq;
    private long lastSeq;

    void add(long seq, GatewayRequest request) {
        if (minutes.isEmpty()) {
            firstSeq = seq;
        }
        lastSeq = seq;
        minutes.computeIfAbsent(UsageMinute.of(request), minute -> new UsageMinute.Counts())
                .add(request);
    }

    boolean isEmpty() {
        return minutes.isEmpty();
    }

    int minuteCount() {
        return minutes.size();
    }

    /** The flush of everything added so far; empties this. */
    UsageFlush take() {
        UsageFlush flush = new UsageFlush(firstSeq, lastSeq, minutes);
        minutes.clear();
        return flush;
    }

    /** Tokens of the key or user in the minutes from {@code from} on. */
    long tokensSince(UsageRepository.Spender spender, String id, Instant from) {
        return tokensSince(minutes, spender, id, from);
    }

    static long tokensSince(
            Map<UsageMinute, UsageMinute.Counts> minutes, UsageRepository.Spender spender, String id, Instant from) {
        return minutes.entrySet().stream()
                .filter(e -> id.equals(spender.of(e.getKey()))
                        && !e.getKey().startsAt().isBefore(from))
                .mapToLong(e -> e.getValue().tokens())
                .sum();
    }
}
