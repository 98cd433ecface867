package dev.hangar.server.telemetry;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.UserService;
import dev.hangar.server.core.UtcMonths;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage for billing: requests, tokens and cost per user, API key or endpoint, added up by the
 * minute. The range starts on a whole minute.
 * Users see their own; admins see everyone's, or one user's with {@code user}.
 */
@RestController
@Tag(name = "Metrics and usage")
class UsageController {

    private final RequestMeter meter;
    private final UserService users;
    private final Clock clock;

    UsageController(RequestMeter meter, UserService users, Clock clock) {
        this.meter = meter;
        this.users = users;
        this.clock = clock;
    }

    @GetMapping("/api/v1/usage")
    @Operation(
            summary =
                    "Requests, tokens and cost grouped by user, key (default), endpoint or adapter (endpoint and LoRA adapter)",
            description = "from/to: ISO-8601 instants (default: this calendar month, UTC, until now); usage is"
                    + " counted by the minute, and the range starts on a whole minute.")
    UsageReport usage(
            @AuthenticationPrincipal AuthenticatedUser caller,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "key") UsageGrouping groupBy,
            @RequestParam(required = false) String user) {
        Instant now = clock.instant();
        Instant start = from == null
                ? UtcMonths.start(UtcMonths.of(now))
                : MetricsRange.instant("from", from).truncatedTo(ChronoUnit.MINUTES);
        Instant end = to == null ? now : MetricsRange.instant("to", to);
        if (!start.isBefore(end)) {
            throw ApiException.invalidField("from", MessageCode.RANGE_FROM_AFTER_TO.with("to", end));
        }
        Optional<String> userId;
        if (user != null) {
            if (!caller.isAdmin() && !user.equals(caller.username()) && !user.equals(caller.userId())) {
                throw new ApiException(ProblemType.FORBIDDEN, MessageCode.USAGE_OTHERS_ADMIN_ONLY.with());
            }
            userId = Optional.of(users.get(user).id());
        } else {
            userId = caller.isAdmin() ? Optional.empty() : Optional.of(caller.userId());
        }
        return UsageReport.of(start, end, groupBy, meter.usage(start, end, groupBy, userId));
    }
}
