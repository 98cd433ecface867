package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Old request-log days, usage minutes and metric minutes go; recent ones stay. */
class TelemetryRetentionIT extends ServerTest {

    private static final String USER = "usr_retention";

    @Autowired
    RequestLog requestLog;

    @Autowired
    UsageRepository usage;

    @Autowired
    RollupRepository rollups;

    @Autowired
    TelemetryRetention retention;

    @Test
    void deletesWhatIsOlderThanItsRetentionOnly() {
        Instant now = Instant.now();
        String endpoint = unique("ep_retention");
        Instant longAgo = now.minus(Duration.ofDays(401)).truncatedTo(ChronoUnit.MINUTES);
        Instant yesterday = now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
        requestLog.append(List.of(request(endpoint, now.minus(Duration.ofDays(91))), request(endpoint, now)), 1);
        usage.add(Map.of(
                UsageMinute.of(request(endpoint, longAgo)), counts(request(endpoint, longAgo)),
                UsageMinute.of(request(endpoint, yesterday)), counts(request(endpoint, yesterday))));
        MinuteRollup minute = new MinuteRollup();
        minute.add(request(endpoint, now));
        rollups.add(endpoint, longAgo, minute);
        rollups.add(endpoint, yesterday, minute);

        retention.deleteExpired();

        assertThat(Files.exists(logDay(now.minus(Duration.ofDays(91))))).isFalse();
        assertThat(Files.exists(logDay(now))).isTrue();
        assertThat(usage.usage(now.minus(Duration.ofDays(500)), now, UsageGrouping.ENDPOINT, Optional.of(USER)))
                .singleElement()
                .satisfies(row -> assertThat(row.requests()).isEqualTo(1));
        assertThat(rollups.range(endpoint, now.minus(Duration.ofDays(500)), now).keySet())
                .containsExactly(yesterday);
    }

    private Path logDay(Instant at) {
        return requestLog.directory().resolve(LocalDate.ofInstant(at, ZoneOffset.UTC) + ".jsonl");
    }

    private static UsageMinute.Counts counts(GatewayRequest request) {
        UsageMinute.Counts counts = new UsageMinute.Counts();
        counts.add(request);
        return counts;
    }

    private static GatewayRequest request(String endpoint, Instant at) {
        return new GatewayRequest(
                at, null, USER, endpoint, endpoint, null, "chat", 200, 5, null, 1, 1, false, 0, 1, 0, 1, null);
    }
}
