package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MinuteRollupTest {

    @Test
    void mergedMinutesGiveThePercentilesOfAllTheirRequestsNotAnAverageOfPercentiles() {
        MinuteRollup fast = new MinuteRollup();
        for (int i = 0; i < 99; i++) {
            fast.add(request(10, 200));
        }
        MinuteRollup slow = new MinuteRollup();
        slow.add(request(5000, 500));

        MinuteRollup both = new MinuteRollup();
        both.merge(fast);
        both.merge(slow);

        assertThat(both.requests).isEqualTo(100);
        assertThat(both.errors).isEqualTo(1);
        assertThat(both.latencyMs(50)).isCloseTo(10, within(0.1));
        assertThat(both.latencyMs(99)).isCloseTo(10, within(0.1));
        assertThat(both.latencyMs(100)).isCloseTo(5000, within(50.0));
        assertThat(both.promptTokens).isEqualTo(300);
        assertThat(both.completionTokens).isEqualTo(200);
    }

    @Test
    void aStoredRollupReadsBackTheSame() {
        MinuteRollup rollup = new MinuteRollup();
        rollup.add(request(12.5, 200));
        rollup.add(request(40, 200));

        MinuteRollup stored = MinuteRollup.stored(
                rollup.requests,
                rollup.errors,
                rollup.promptTokens,
                rollup.completionTokens,
                rollup.latencyMsSum,
                rollup.cost,
                rollup.inFlightMax,
                rollup.queueMax,
                rollup.replicas,
                MinuteRollup.encode(rollup.latency),
                MinuteRollup.encode(rollup.ttft));

        assertThat(stored.latencyMs(50)).isEqualTo(rollup.latencyMs(50));
        assertThat(stored.latencyMs(99)).isEqualTo(rollup.latencyMs(99));
        assertThat(stored.ttftMs(50)).isEqualTo(rollup.ttftMs(50));
        assertThat(stored.latencyMsSum).isEqualTo(52.5);
        assertThat(stored.inFlightMax).isEqualTo(3);
        assertThat(stored.queueMax).isEqualTo(1);
    }

    @Test
    void withoutRequestsThereAreNoPercentiles() {
        assertThat(new MinuteRollup().latencyMs(50)).isNull();
        assertThat(new MinuteRollup().ttftMs(99)).isNull();
    }

    private static GatewayRequest request(double latencyMs, int status) {
        return new GatewayRequest(
                Instant.parse("2026-11-23T10:00:30Z"),
                "key_1",
                "usr_1",
                "ep_1",
                "chat",
                "rep_1",
                "chat",
                status,
                latencyMs,
                latencyMs / 2,
                3,
                2,
                false,
                0.001,
                3,
                1,
                2,
                null);
    }
}
