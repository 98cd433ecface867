package dev.hangar.server.telemetry;

import java.time.Instant;

/**
 * One request the gateway routed to an endpoint, as metering records it.
 *
 * @param at when the answer ended
 * @param apiKeyId the key used; null for a browser session
 * @param replicaId the replica that answered; null when none could
 * @param ttftMs time to the first token; null when no token was sent
 * @param tokensEstimated whether the gateway guessed the tokens because the replica did not report them
 * @param inFlight the endpoint's requests in flight when this one started, itself included
 * @param queued requests waiting for a replica slot when it started (in flight beyond the ready
 *     replicas' slots); 0 where the runtime's slots are unknown
 * @param replicas the endpoint's ready replicas when it started
 * @param adapter the LoRA adapter the request chose ({@code model: "ENDPOINT:ADAPTER"}); null for the endpoint's
 *     model itself
 */
public record GatewayRequest(
        Instant at,
        String apiKeyId,
        String userId,
        String endpointId,
        String endpointName,
        String replicaId,
        String kind,
        int status,
        double latencyMs,
        Double ttftMs,
        long promptTokens,
        long completionTokens,
        boolean tokensEstimated,
        double cost,
        int inFlight,
        int queued,
        int replicas,
        String adapter) {

    public boolean failed() {
        return status >= 400;
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
