package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway decides for a request before and after it is sent (the edge's {@link
 * EdgeExchange} moves its bytes): which endpoint it is for, whether the caller's key may go on, whether the endpoint can take it and which replicas may;
 * then, for each answer, whether to pass it on or try another replica.
 *
 * <p>A replica that cannot be reached, or answers 5xx before the client has seen a byte, is marked
 * suspect and the request goes once more to another replica; one that answers 429 (its queue is
 * full) is not suspect, but the request also tries another. A router endpoint's one "replica" is its
 * provider, and a provider that refuses its key is a 502 for the client (its Hangar key was fine).
 */
@Component
class RoutePlanner {

    static final int ATTEMPTS = 2;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int UNAUTHORIZED = 401;
    private static final int FORBIDDEN = 403;

    private final ReplicaBalancer balancer;
    private final Metering metering;
    private final KeyRateLimiter limiter;
    private final JsonMapper json;

    RoutePlanner(ReplicaBalancer balancer, Metering metering, KeyRateLimiter limiter, JsonMapper json) {
        this.balancer = balancer;
        this.metering = metering;
        this.limiter = limiter;
        this.json = json;
    }

    /**
     * Admits the request to the endpoint it names in {@code routes}, as the caller may see it: the
     * key's limits (whose headers go to {@code headers}), the endpoint's state and ready replicas, a
     * router's key. Answers the plan, metered from here on; a refusal is an {@link ApiException},
     * metered once the endpoint is known.
     */
    Plan admit(
            AuthenticatedUser caller,
            RoutedRequest request,
            RoutingTable.Snapshot routes,
            long startedNanos,
            BiConsumer<String, String> headers) {
        ModelCatalog.Found found = ModelCatalog.resolve(routes, caller, request.model())
                .orElseThrow(() -> ModelCatalog.notFound(request.model()));
        Row row = found.row();
        Endpoint endpoint = row.endpoint();
        KeyRateLimiter.Permit permit = limiter.admit(caller, request.reservedTokens(), headers);
        Metering.Request metered = metering.start(caller, row, found.adapter(), request, startedNanos, permit);
        if (endpoint.state() != EndpointState.RUNNING) {
            throw metered.refused(unavailable(
                    MessageCode.GATEWAY_NOT_RUNNING.with("name", endpoint.name(), "state", endpoint.state())));
        }
        List<Replica> candidates = new ArrayList<>(routes.readyReplicas(endpoint.id()));
        if (candidates.isEmpty()) {
            throw metered.refused(unavailable(MessageCode.GATEWAY_NO_READY_REPLICA.with("name", endpoint.name())));
        }
        Forward forward = routes.forward(endpoint.id());
        if (forward instanceof Forward.ToProvider provider && provider.problem() != null) {
            throw metered.refused(unavailable(
                    MessageCode.GATEWAY_CANNOT_FORWARD.with("name", endpoint.name(), "problem", provider.problem())));
        }
        RoutedRequest outgoing =
                forward instanceof Forward.ToProvider provider ? request.withModel(provider.model(), json) : request;
        int inFlight = 1;
        for (Replica candidate : candidates) {
            inFlight += balancer.inFlight(candidate);
        }
        metered.load(candidates.size(), inFlight, routes.slotsPerReplica(endpoint.id()));
        return new Plan(endpoint, metered, candidates, forward, outgoing);
    }

    /** A request admitted to its endpoint, with the replicas still to try. */
    static final class Plan {

        final Endpoint endpoint;
        final Metering.Request metered;
        final Forward forward;
        /** The request as it goes to the replicas (for a provider, under the model name it knows). */
        final RoutedRequest outgoing;

        private final List<Replica> candidates;
        private int attempts;
        private String failure = "";

        private Plan(
                Endpoint endpoint,
                Metering.Request metered,
                List<Replica> candidates,
                Forward forward,
                RoutedRequest outgoing) {
            this.endpoint = endpoint;
            this.metered = metered;
            this.candidates = candidates;
            this.forward = forward;
            this.outgoing = outgoing;
        }

        /** Whether another attempt may follow the current one. */
        boolean retryLeft() {
            return attempts < ATTEMPTS && !candidates.isEmpty();
        }

        void failed(String failure) {
            this.failure = failure;
        }

        /** The refusal when no replica answered, metered. */
        ApiException noneAnswered() {
            return metered.refused(
                    unavailable(MessageCode.GATEWAY_NONE_ANSWERED.with("name", endpoint.name(), "failure", failure)));
        }
    }

    /** The replica for the plan's next attempt; empty when none is left. */
    Optional<Replica> next(Plan plan) {
        if (plan.attempts >= ATTEMPTS) {
            return Optional.empty();
        }
        Optional<Replica> picked = balancer.pick(plan.candidates);
        picked.ifPresent(replica -> {
            plan.candidates.remove(replica);
            plan.attempts++;
        });
        return picked;
    }

    /** What to do with a replica's answer, from its status alone. */
    enum Verdict {
        /** Pass it to the client. */
        RELAY,
        /** Drop it and try another replica; this one is only full. */
        TRY_ANOTHER,
        /** Drop it, mark the replica suspect, try another. */
        SUSPECT_AND_TRY_ANOTHER,
        /** A router's provider refused its key: the client gets a 502 ({@link #providerRefused}). */
        PROVIDER_REFUSED
    }

    Verdict judge(Plan plan, Replica replica, int status) {
        boolean retryLeft = plan.retryLeft();
        if (status == TOO_MANY_REQUESTS && retryLeft) {
            return Verdict.TRY_ANOTHER;
        }
        if (status >= 500) {
            balancer.suspect(replica);
            if (retryLeft) {
                return Verdict.SUSPECT_AND_TRY_ANOTHER;
            }
        }
        if (plan.forward instanceof Forward.ToProvider && (status == UNAUTHORIZED || status == FORBIDDEN)) {
            return Verdict.PROVIDER_REFUSED;
        }
        return Verdict.RELAY;
    }

    /** A replica that could not be reached: suspect for a while. */
    void unreachable(Replica replica) {
        balancer.suspect(replica);
    }

    ReplicaBalancer.Lease acquire(Replica replica) {
        return balancer.acquire(replica);
    }

    /** The 502 for a provider that refused its key, metered. */
    ApiException providerRefused(Plan plan, int status) {
        return plan.metered.refused(new ApiException(
                ProblemType.BAD_GATEWAY,
                MessageCode.GATEWAY_PROVIDER_REFUSED_KEY.with("name", plan.endpoint.name(), "status", status)));
    }

    private static ApiException unavailable(Message detail) {
        return new ApiException(ProblemType.UNAVAILABLE, detail);
    }
}
