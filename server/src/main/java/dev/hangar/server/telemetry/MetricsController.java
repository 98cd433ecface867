package dev.hangar.server.telemetry;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An endpoint's request metrics over time, merged from its per-minute rollups. */
@RestController
@Tag(name = "Metrics and usage")
class MetricsController {

    private final EndpointService endpoints;
    private final RequestMeter meter;
    private final Clock clock;

    MetricsController(EndpointService endpoints, RequestMeter meter, Clock clock) {
        this.endpoints = endpoints;
        this.meter = meter;
        this.clock = clock;
    }

    @GetMapping("/api/v1/endpoints/{idOrName}/metrics")
    @Operation(
            summary = "Requests, errors, latency and TTFT percentiles, tokens, in-flight, replicas and cost per step",
            description = "from/to: ISO-8601 instants (default: the last hour); step: 1m, 5m, 1h or PT5M (default 1m).")
    EndpointMetrics metrics(
            @AuthenticationPrincipal AuthenticatedUser caller,
            @PathVariable String idOrName,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String step) {
        MetricsRange range = MetricsRange.parse(from, to, step, clock.instant());
        Endpoint endpoint = endpoints.get(caller, idOrName);
        NavigableMap<Instant, MinuteRollup> minutes = meter.minutes(endpoint.id(), range.from(), range.to());
        List<EndpointMetrics.MetricsPoint> points = new ArrayList<>();
        MinuteRollup total = new MinuteRollup();
        for (Instant start = range.from(); start.isBefore(range.to()); start = start.plus(range.step())) {
            Instant end = start.plus(range.step());
            MinuteRollup bucket = new MinuteRollup();
            minutes.subMap(start, end).values().forEach(bucket::merge);
            total.merge(bucket);
            points.add(EndpointMetrics.MetricsPoint.of(start, bucket, range.step()));
        }
        Duration length = Duration.between(range.from(), range.to());
        return new EndpointMetrics(
                endpoint.name(),
                range.from(),
                range.to(),
                range.step(),
                points,
                EndpointMetrics.MetricsPoint.of(null, total, length.isZero() ? Duration.ofMinutes(1) : length));
    }
}
