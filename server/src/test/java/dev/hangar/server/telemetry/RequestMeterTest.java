package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The meter against a real database: what it writes, and what a failing database does to it. */
class RequestMeterTest {

    private final UsageDatabase database = new UsageDatabase();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path logs;

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aRetriedFlushDoesNotDoubleCount() {
        AtomicInteger flushes = new AtomicInteger();
        UsageRepository commitsThenLosesTheAnswer = new UsageRepository(database.jdbc()) {
            @Override
            public boolean apply(UsageFlush flush, Instant now) {
                boolean applied = super.apply(flush, now);
                if (flushes.incrementAndGet() == 2) { // the first is the baseline of a new database
                    throw new IllegalStateException("connection reset after the commit");
                }
                return applied;
            }
        };
        RequestMeter meter = new RequestMeter(
                new RequestLog(logs, JsonMapper.builder().build(), meters),
                commitsThenLosesTheAnswer,
                new RollupRepository(database.jdbc()),
                Clock.systemUTC(),
                TelemetrySettings.properties(),
                meters);
        meter.start();
        try {
            meter.record(request(Instant.now()));

            await().atMost(Duration.ofSeconds(10)).until(() -> flushes.get() >= 3);
        } finally {
            meter.stop();
        }

        assertThat(database.requests()).isEqualTo(1);
    }

    private static GatewayRequest request(Instant at) {
        return new GatewayRequest(
                at, "key_a", "usr_a", "ep_a", "chat", "rep_a", "chat", 200, 5, null, 3, 4, false, 0, 1, 0, 1);
    }
}
