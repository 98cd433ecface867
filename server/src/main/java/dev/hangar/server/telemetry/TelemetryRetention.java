package dev.hangar.server.telemetry;

import dev.hangar.server.home.HangarProperties;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes request-log rows and metric minutes older than their retention
 * ({@code HANGAR_REQUEST_LOG_RETENTION}, {@code HANGAR_METRICS_RETENTION}), once an hour, so that a
 * busy gateway's database does not grow without end.
 */
@Component
class TelemetryRetention {

    private static final Logger log = LoggerFactory.getLogger(TelemetryRetention.class);

    private final RequestRepository requests;
    private final RollupRepository rollups;
    private final HangarProperties.Telemetry settings;
    private final Clock clock;

    TelemetryRetention(RequestRepository requests, RollupRepository rollups, HangarProperties properties, Clock clock) {
        this.requests = requests;
        this.rollups = rollups;
        this.settings = properties.telemetry();
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void deleteExpired() {
        Instant now = clock.instant();
        int oldRequests = requests.deleteBefore(now.minus(settings.requestLogRetention()));
        int oldMinutes = rollups.deleteBefore(now.minus(settings.metricsRetention()));
        if (oldRequests + oldMinutes > 0) {
            log.info(
                    "telemetry retention: deleted {} requests older than {} and {} metric minutes older than {}",
                    oldRequests,
                    settings.requestLogRetention(),
                    oldMinutes,
                    settings.metricsRetention());
        }
    }
}
