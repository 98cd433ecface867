package dev.hangar.server.telemetry;

import dev.hangar.server.core.UtcMonths;
import dev.hangar.server.telemetry.UsageRepository.Spender;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Each API key's and each user's (over all their keys and sessions) tokens in the current UTC
 * month, in memory: loaded from usage once at start, then counted as requests are recorded, so that
 * monthly quotas never query the database on the request path. A new month starts from zero; a
 * request dated before the current month (the clock went back) counts in the current one.
 */
final class MonthlyTokens {

    private final Map<Spender, Map<String, Long>> bySpender = new EnumMap<>(Spender.class);
    private YearMonth month;

    MonthlyTokens() {
        for (Spender spender : Spender.values()) {
            bySpender.put(spender, new HashMap<>());
        }
    }

    synchronized void load(YearMonth loaded, Map<Spender, Map<String, Long>> used) {
        month = loaded;
        bySpender.forEach((spender, tokens) -> {
            tokens.clear();
            tokens.putAll(used.get(spender));
        });
    }

    /** Counts the request's tokens for its key (if it has one) and its user. */
    synchronized void add(GatewayRequest request) {
        UsageMinute minute = UsageMinute.of(request);
        turnTo(UtcMonths.of(minute.startsAt()));
        bySpender.forEach((spender, tokens) -> {
            String id = spender.of(minute);
            if (!id.isEmpty()) {
                tokens.merge(id, request.totalTokens(), Long::sum);
            }
        });
    }

    synchronized long of(Spender spender, String id, YearMonth asked) {
        turnTo(asked);
        return bySpender.get(spender).getOrDefault(id, 0L);
    }

    private void turnTo(YearMonth now) {
        if (month == null || now.isAfter(month)) {
            month = now;
            bySpender.values().forEach(Map::clear);
        }
    }
}
