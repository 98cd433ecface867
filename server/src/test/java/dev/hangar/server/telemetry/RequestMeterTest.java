package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
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
        RequestMeter meter = meter(commitsThenLosesTheAnswer);
        meter.start();
        try {
            meter.record(request(Instant.now(), "key_a"));

            await().atMost(Duration.ofSeconds(30)).until(() -> flushes.get() >= 3);
        } finally {
            meter.stop();
        }

        assertThat(database.requests()).isEqualTo(1);
    }

    @Test
    void eachKeysAndUsersMonthIsLoadedAtStartThenCountedInMemory() {
        RequestMeter before = meter(new UsageRepository(database.jdbc()));
        before.start();
        before.record(request(Instant.now(), "key_a"));
        before.stop();

        RequestMeter meter = meter(new UsageRepository(database.jdbc()));
        meter.start();
        try {
            meter.record(request(Instant.now(), null)); // a browser session's: the user's, no key's

            YearMonth month = YearMonth.now(ZoneOffset.UTC);
            assertThat(meter.monthTokens("key_a", month)).isEqualTo(7);
            assertThat(meter.userMonthTokens("usr_a", month)).isEqualTo(14);
            assertThat(meter.userMonthTokens("usr_a", month.plusMonths(1))).isZero();
        } finally {
            meter.stop();
        }
    }

    private RequestMeter meter(UsageRepository usage) {
        return new RequestMeter(
                new RequestLog(logs, JsonMapper.builder().build(), meters),
                usage,
                new RollupRepository(database.jdbc()),
                Clock.systemUTC(),
                TelemetrySettings.properties(),
                meters);
    }

    private static GatewayRequest request(Instant at, String apiKeyId) {
        return new GatewayRequest(
                at, apiKeyId, "usr_a", "ep_a", "chat", "rep_a", "chat", 200, 5, null, 3, 4, false, 0, 1, 0, 1, null);
    }
}
