package dev.hangar.server.telemetry;

import dev.hangar.server.core.UtcMonths;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * Each API key's tokens in the current UTC month, in memory: loaded from usage once at start, then
 * counted as requests are recorded, so that monthly quotas never query the database on the
 * request path. A new month starts from zero; a request dated before the current month (the clock
 * went back) counts in the current one.
 */
final class MonthlyTokens {

    private final Map<String, Long> byKey = new HashMap<>();
    private YearMonth month;

    synchronized void load(YearMonth loaded, Map<String, Long> used) {
        month = loaded;
        byKey.clear();
        byKey.putAll(used);
    }

    synchronized void add(String apiKeyId, Instant at, long tokens) {
        turnTo(UtcMonths.of(at));
        byKey.merge(apiKeyId, tokens, Long::sum);
    }

    synchronized long of(String apiKeyId, YearMonth asked) {
        turnTo(asked);
        return byKey.getOrDefault(apiKeyId, 0L);
    }

    private void turnTo(YearMonth now) {
        if (month == null || now.isAfter(month)) {
            month = now;
            byKey.clear();
        }
    }
}
