package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ServerTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Old request-log rows and metric minutes go; recent ones stay. */
class TelemetryRetentionIT extends ServerTest {

    @Autowired
    RequestRepository requests;

    @Autowired
    RollupRepository rollups;

    @Autowired
    TelemetryRetention retention;

    @Test
    void deletesWhatIsOlderThanItsRetentionOnly() {
        Instant now = Instant.now();
        String endpoint = unique("ep_retention");
        requests.insert(
                List.of(request(endpoint, now.minus(Duration.ofDays(91))), request(endpoint, now.minusSeconds(60))));
        MinuteRollup minute = new MinuteRollup();
        minute.add(request(endpoint, now));
        Instant old = now.minus(Duration.ofDays(401)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant recent = now.minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        rollups.add(endpoint, old, minute);
        rollups.add(endpoint, recent, minute);

        retention.deleteExpired();

        assertThat(requests.usage(
                        now.minus(Duration.ofDays(400)),
                        now,
                        UsageGrouping.ENDPOINT,
                        java.util.Optional.of("usr_retention")))
                .singleElement()
                .satisfies(row -> assertThat(row.requests()).isEqualTo(1));
        assertThat(rollups.range(endpoint, now.minus(Duration.ofDays(500)), now).keySet())
                .containsExactly(recent);
    }

    private static GatewayRequest request(String endpoint, Instant at) {
        return new GatewayRequest(
                at, null, "usr_retention", endpoint, endpoint, null, "chat", 200, 5, null, 1, 1, false, 0, 1, 0, 1);
    }
}
