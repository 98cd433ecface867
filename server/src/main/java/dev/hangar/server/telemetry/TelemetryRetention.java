package dev.hangar.server.telemetry;

import dev.hangar.server.home.HangarProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the request log's days and the metric and usage minutes older than their retention
 * ({@code HANGAR_REQUEST_LOG_RETENTION}, {@code HANGAR_METRICS_RETENTION}), and the records of
 * usage flushes older than {@link #FLUSH_RECORDS_KEPT} (but the last), once an hour; and the
 * request log's oldest days past its cap ({@code HANGAR_REQUEST_LOG_MAX_SIZE}) every minute, so
 * that a busy (or hostile) gateway's disk and database do not grow without end.
 */
@Component
class TelemetryRetention {

    /** Long enough for any retry of a flush whose answer was lost; replay needs only the last one. */
    static final Duration FLUSH_RECORDS_KEPT = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(TelemetryRetention.class);

    private final RequestLog requestLog;
    private final UsageRepository usage;
    private final RollupRepository rollups;
    private final HangarProperties.Telemetry settings;
    private final Clock clock;

    TelemetryRetention(
            RequestLog requestLog,
            UsageRepository usage,
            RollupRepository rollups,
            HangarProperties properties,
            Clock clock) {
        this.requestLog = requestLog;
        this.usage = usage;
        this.rollups = rollups;
        this.settings = properties.telemetry();
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void capRequestLog() {
        int deleted = requestLog.deleteOldestPast(settings.requestLogMaxSize().toBytes());
        if (deleted > 0) {
            log.warn(
                    "telemetry retention: deleted the {} oldest days of request log to keep it under {}"
                            + " (HANGAR_REQUEST_LOG_MAX_SIZE)",
                    deleted,
                    settings.requestLogMaxSize());
        }
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void deleteExpired() {
        Instant now = clock.instant();
        int oldDays = requestLog.deleteBefore(now.minus(settings.requestLogRetention()));
        Instant minutesBefore = now.minus(settings.metricsRetention());
        int oldMinutes = rollups.deleteBefore(minutesBefore) + usage.deleteBefore(minutesBefore);
        usage.deleteFlushesBefore(now.minus(FLUSH_RECORDS_KEPT));
        if (oldDays + oldMinutes > 0) {
            log.info(
                    "telemetry retention: deleted {} days of request log older than {} and {} metric and usage"
                            + " minutes older than {}",
                    oldDays,
                    settings.requestLogRetention(),
                    oldMinutes,
                    settings.metricsRetention());
        }
    }
}
