package dev.hangar.server.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint's metrics over a range, one point per step and the totals of the whole range.
 * Latencies and times to first token are in milliseconds and absent (null) without requests.
 */
public record EndpointMetrics(
        String endpoint, Instant from, Instant to, Duration step, List<Point> points, Point totals) {

    /**
     * One step (its start in {@code time}; none for the totals).
     *
     * @param tokensPerSecond completion tokens per second over the step
     * @param inFlight the most requests in flight at once
     * @param replicas the most ready replicas seen by a request
     */
    public record Point(
            Instant time,
            long requests,
            long errors,
            Double successRate,
            Latency latencyMs,
            Ttft ttftMs,
            long promptTokens,
            long completionTokens,
            double tokensPerSecond,
            double requestsPerMinute,
            int inFlight,
            int replicas,
            double cost) {

        static Point of(Instant time, MinuteRollup r, Duration length) {
            double seconds = length.toSeconds();
            return new Point(
                    time,
                    r.requests,
                    r.errors,
                    r.requests == 0 ? null : (double) (r.requests - r.errors) / r.requests,
                    new Latency(
                            r.requests == 0 ? null : r.latencyMsSum / r.requests,
                            r.latencyMs(50),
                            r.latencyMs(95),
                            r.latencyMs(99)),
                    new Ttft(r.ttftMs(50), r.ttftMs(99)),
                    r.promptTokens,
                    r.completionTokens,
                    r.completionTokens / seconds,
                    r.requests * 60 / seconds,
                    r.inFlightMax,
                    r.replicas,
                    r.cost);
        }
    }

    public record Latency(Double avg, Double p50, Double p95, Double p99) {}

    public record Ttft(Double p50, Double p99) {}
}
