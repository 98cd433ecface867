package dev.hangar.server.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint's metrics over a range, one point per step and the totals of the whole range.
 * Latencies and times to first token are in milliseconds and absent (null) without requests.
 */
public record EndpointMetrics(
        String endpoint, Instant from, Instant to, Duration step, List<MetricsPoint> points, MetricsPoint totals) {

    /**
     * One step (its start in {@code time}; none for the totals).
     *
     * @param tokensPerSecond completion tokens per second over the step
     * @param inFlight the most requests in flight at once
     * @param queueDepth the most requests waiting for a replica slot at once (in flight beyond the
     *     ready replicas' slots); 0 where the runtime's slots are unknown, as for router endpoints
     * @param replicas the most ready replicas seen by a request
     */
    public record MetricsPoint(
            Instant time,
            long requests,
            long errors,
            Double successRate,
            LatencyStats latencyMs,
            TtftStats ttftMs,
            long promptTokens,
            long completionTokens,
            double tokensPerSecond,
            double requestsPerMinute,
            int inFlight,
            int queueDepth,
            int replicas,
            double cost) {

        static MetricsPoint of(Instant time, MinuteRollup r, Duration length) {
            double seconds = length.toSeconds();
            return new MetricsPoint(
                    time,
                    r.requests,
                    r.errors,
                    r.requests == 0 ? null : (double) (r.requests - r.errors) / r.requests,
                    new LatencyStats(
                            r.requests == 0 ? null : r.latencyMsSum / r.requests,
                            r.latencyMs(50),
                            r.latencyMs(95),
                            r.latencyMs(99)),
                    new TtftStats(r.ttftMs(50), r.ttftMs(99)),
                    r.promptTokens,
                    r.completionTokens,
                    r.completionTokens / seconds,
                    r.requests * 60 / seconds,
                    r.inFlightMax,
                    r.queueMax,
                    r.replicas,
                    r.cost);
        }
    }

    public record LatencyStats(Double avg, Double p50, Double p95, Double p99) {}

    public record TtftStats(Double p50, Double p99) {}
}
