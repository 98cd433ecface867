package dev.hangar.server.telemetry;

import java.time.Instant;
import java.util.List;

/** Usage over a range, grouped as asked, with the totals of all groups. */
public record UsageReport(Instant from, Instant to, UsageGrouping groupBy, List<UsageRow> rows, UsageRow totals) {

    static UsageReport of(Instant from, Instant to, UsageGrouping groupBy, List<UsageRow> rows) {
        long requests = 0;
        long prompt = 0;
        long completion = 0;
        double cost = 0;
        for (UsageRow row : rows) {
            requests += row.requests();
            prompt += row.promptTokens();
            completion += row.completionTokens();
            cost += row.cost();
        }
        return new UsageReport(
                from,
                to,
                groupBy,
                rows,
                new UsageRow(null, null, null, null, null, requests, prompt, completion, prompt + completion, cost));
    }
}
