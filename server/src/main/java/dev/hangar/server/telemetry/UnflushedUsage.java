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

    /** Adds each key's or user's tokens in the minutes from {@code from} on to {@code byId}. */
    void addTokensSince(UsageRepository.Spender spender, Instant from, Map<String, Long> byId) {
        addTokensSince(minutes, spender, from, byId);
    }

    static void addTokensSince(
            Map<UsageMinute, UsageMinute.Counts> minutes,
            UsageRepository.Spender spender,
            Instant from,
            Map<String, Long> byId) {
        minutes.forEach((minute, counts) -> {
            String id = spender.of(minute);
            if (!id.isEmpty() && !minute.startsAt().isBefore(from)) {
                byId.merge(id, counts.tokens(), Long::sum);
            }
        });
    }
}
