package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.problem.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:17:42Z");

    @Test
    void defaultsToTheLastHourByMinuteStartingOnAWholeMinute() {
        MetricsRange range = MetricsRange.parse(null, null, null, NOW);

        assertThat(range.from()).isEqualTo(Instant.parse("2026-11-23T09:17:00Z"));
        assertThat(range.to()).isEqualTo(NOW);
        assertThat(range.step()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void takesShortAndIsoSteps() {
        assertThat(MetricsRange.parse(null, null, "5m", NOW).step()).isEqualTo(Duration.ofMinutes(5));
        assertThat(MetricsRange.parse(null, null, "PT1H", NOW).step()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesWhatCannotBeChartedNamingTheParameter() {
        assertInvalid(() -> MetricsRange.parse("yesterday", null, null, NOW), "from");
        assertInvalid(() -> MetricsRange.parse(NOW.toString(), "2026-11-22T00:00:00Z", null, NOW), "from");
        assertInvalid(() -> MetricsRange.parse(null, null, "30s", NOW), "step");
        assertInvalid(() -> MetricsRange.parse(null, null, "soon", NOW), "step");
        assertInvalid(() -> MetricsRange.parse("2025-01-01T00:00:00Z", null, "1m", NOW), "step");
    }

    private static void assertInvalid(Runnable parse, String field) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors().getFirst().field()).isEqualTo(field));
    }
}
