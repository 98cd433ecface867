package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.telemetry.GatewayRequest;
import dev.hangar.server.telemetry.RequestMeter;
import java.time.Clock;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * Turns what happened to one routed request into a {@link GatewayRequest} for the meter: latency,
 * time to first token, tokens (the replica's count, or the gateway's guess when it gave none) and
 * cost (the replica's price per hour times the request's share of its time: its duration divided
 * by the requests the replica was serving at once; for a router endpoint, its tokens at the
 * provider's prices). Recording a request settles its {@link KeyRateLimiter.Permit}: the key's
 * buckets are charged its tokens, and the quota's reservation for it is released once the meter
 * counts them.
 */
@Component
class Metering {

    /** nginx's status for a request the client abandoned before its answer ended. */
    static final int CLIENT_CLOSED = 499;
    /** What a stream the replica broke off counts as, though the client saw 200 and then an error event. */
    static final int REPLICA_BROKE_OFF = 502;

    private static final double NANOS_PER_MS = 1_000_000.0;
    private static final double MS_PER_HOUR = 3_600_000.0;

    private final RequestMeter meter;
    private final Clock clock;

    Metering(RequestMeter meter, Clock clock) {
        this.meter = meter;
        this.clock = clock;
    }

    Request start(
            AuthenticatedUser caller,
            Row endpoint,
            String adapter,
            RoutedRequest request,
            long startedNanos,
            KeyRateLimiter.Permit permit) {
        return new Request(caller, endpoint, adapter, request, startedNanos, permit);
    }

    /** One request on its way through the gateway. */
    final class Request {

        private final AuthenticatedUser caller;
        private final Row endpoint;
        private final String adapter;
        private final RoutedRequest request;
        private final long startedNanos;
        private KeyRateLimiter.Permit permit;
        private int replicas;
        private int inFlight = 1;
        private int queued;

        private Request(
                AuthenticatedUser caller,
                Row endpoint,
                String adapter,
                RoutedRequest request,
                long startedNanos,
                KeyRateLimiter.Permit permit) {
            this.caller = caller;
            this.endpoint = endpoint;
            this.adapter = adapter;
            this.request = request;
            this.startedNanos = startedNanos;
            this.permit = permit;
        }

        /**
         * The endpoint's ready replicas and requests in flight (this one included) when it was
         * routed; with the slots of one replica, the requests beyond all slots are the queue.
         */
        void load(int readyReplicas, int requestsInFlight, OptionalInt slotsPerReplica) {
            this.replicas = readyReplicas;
            this.inFlight = requestsInFlight;
            this.queued = slotsPerReplica.isPresent()
                    ? Math.max(0, requestsInFlight - readyReplicas * slotsPerReplica.getAsInt())
                    : 0;
        }

        /** Records a request the gateway answered itself with {@code refusal}'s status, and answers the refusal. */
        ApiException refused(ApiException refusal) {
            record(System.nanoTime(), null, refusal.type().status().value(), 0, new TokenUsage(0, 0, false), 0);
            return refusal;
        }

        /** Records a relayed answer; answers the tokens it used. */
        TokenUsage relayed(Replica replica, int sharing, Relayed relayed) {
            int status = switch (relayed.ending()) {
                case COMPLETE -> relayed.status();
                case CLIENT_GONE -> CLIENT_CLOSED;
                case REPLICA_FAILED -> REPLICA_BROKE_OFF;
            };
            TokenUsage tokens = relayed.usage()
                    .orElseGet(() -> relayed.status() >= 400
                            ? new TokenUsage(0, 0, false)
                            : new TokenUsage(request.estimatedPromptTokens(), relayed.contentChunks(), true));
            long endNanos = System.nanoTime();
            record(endNanos, replica.id(), status, relayed.firstTokenNanos(), tokens, cost(endNanos, sharing, tokens));
            return tokens;
        }

        /** A router endpoint's tokens at its provider's prices; else the replica's price per hour times the request's share of its time. */
        private double cost(long endNanos, int sharing, TokenUsage tokens) {
            if (endpoint.endpoint().spec() instanceof Endpoint.RouterSpec router && router.pricing() != null) {
                return router.pricing().cost(tokens.promptTokens(), tokens.completionTokens());
            }
            if (endpoint.pricePerHour() == null) {
                return 0;
            }
            double hourShare = elapsedMs(endNanos) / MS_PER_HOUR / Math.max(1, sharing);
            return endpoint.pricePerHour().doubleValue() * hourShare;
        }

        private void record(
                long endNanos, String replicaId, int status, long firstTokenNanos, TokenUsage tokens, double cost) {
            meter.record(new GatewayRequest(
                    clock.instant(),
                    caller.apiKeyId().orElse(null),
                    caller.userId(),
                    endpoint.endpoint().id(),
                    endpoint.endpoint().name(),
                    replicaId,
                    request.kind().meteredName(),
                    status,
                    elapsedMs(endNanos),
                    firstTokenNanos == 0 ? null : (firstTokenNanos - startedNanos) / NANOS_PER_MS,
                    tokens.promptTokens(),
                    tokens.completionTokens(),
                    tokens.estimated(),
                    cost,
                    inFlight,
                    queued,
                    replicas,
                    adapter));
            permit.used(tokens.totalTokens());
            permit = KeyRateLimiter.Permit.UNLIMITED; // settled once, even if recorded again
        }

        private double elapsedMs(long nowNanos) {
            return (nowNanos - startedNanos) / NANOS_PER_MS;
        }
    }
}
