package dev.hangar.server.telemetry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One user's use of one endpoint (or one LoRA adapter of it: {@code adapter}, empty for the model
 * itself) through one API key (or a browser session, {@code apiKeyId} empty) in one minute: the
 * unit that usage reports and token quotas add up.
 */
record UsageMinute(
        Instant startsAt, String userId, String apiKeyId, String endpointId, String endpointName, String adapter) {

    static UsageMinute of(GatewayRequest request) {
        return new UsageMinute(
                request.at().truncatedTo(ChronoUnit.MINUTES),
                request.userId(),
                request.apiKeyId() == null ? "" : request.apiKeyId(),
                request.endpointId(),
                request.endpointName(),
                request.adapter() == null ? "" : request.adapter());
    }

    /** What the minute's requests used. */
    static final class Counts {

        long requests;
        long errors;
        long promptTokens;
        long completionTokens;
        double cost;

        void add(GatewayRequest request) {
            requests++;
            errors += request.failed() ? 1 : 0;
            promptTokens += request.promptTokens();
            completionTokens += request.completionTokens();
            cost += request.cost();
        }

        long tokens() {
            return promptTokens + completionTokens;
        }
    }
}
