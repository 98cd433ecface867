package dev.hangar.server.telemetry;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.convert.DurationStyle;

/**
 * The time range and step of a metrics query: {@code from} and {@code to} as ISO-8601 instants
 * (default: the last hour), {@code step} as {@code 5m}, {@code 1h} or ISO {@code PT5M} (default one
 * minute), a whole number of minutes, at most {@link #MAX_POINTS} steps. The range starts on a
 * whole minute.
 */
record MetricsRange(Instant from, Instant to, Duration step) {

    static final int MAX_POINTS = 10_080;

    static MetricsRange parse(String from, String to, String step, Instant now) {
        Instant end = to == null ? now : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : instant("from", from);
        start = start.truncatedTo(ChronoUnit.MINUTES);
        Duration stepLength = step == null ? Duration.ofMinutes(1) : duration(step);
        if (!start.isBefore(end)) {
            throw ApiException.invalidField("from", MessageCode.RANGE_FROM_AFTER_TO.with("to", end));
        }
        if (stepLength.isNegative() || stepLength.toMinutes() < 1 || stepLength.toSeconds() % 60 != 0) {
            throw ApiException.invalidField("step", MessageCode.RANGE_STEP_MINUTES.with());
        }
        long points = (Duration.between(start, end).toSeconds() + stepLength.toSeconds() - 1) / stepLength.toSeconds();
        if (points > MAX_POINTS) {
            throw ApiException.invalidField(
                    "step", MessageCode.RANGE_TOO_MANY_POINTS.with("points", points, "max", MAX_POINTS));
        }
        return new MetricsRange(start, end, stepLength);
    }

    static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, MessageCode.RANGE_INSTANT.with());
        }
    }

    private static Duration duration(String value) {
        try {
            return DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("step", MessageCode.RANGE_DURATION.with());
        }
    }
}
