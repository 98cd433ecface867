package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes one OpenAI request to a ready replica of the endpoint its {@code model} names, relays the
 * answer and has it metered. A replica that cannot be reached, or answers 5xx before the client has
 * seen a byte, is marked suspect and the request goes once more to another replica; one that
 * answers 429 (its queue is full) is not suspect, but the request also tries another. After that,
 * the client gets what the second one answered, or a 503. A router endpoint's one "replica" is its
 * provider: the request goes to the provider's base URL with the provider's key and model name,
 * and a provider that refuses that key is a 502 for the client (its own Hangar key was fine).
 */
@Service
class InferenceRouter {

    private static final Logger log = LoggerFactory.getLogger(InferenceRouter.class);
    private static final int ATTEMPTS = 2;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int UNAUTHORIZED = 401;
    private static final int FORBIDDEN = 403;

    private final RoutingTable table;
    private final ReplicaBalancer balancer;
    private final ReplicaClient client;
    private final ResponseRelay relay;
    private final Metering metering;
    private final KeyRateLimiter limiter;
    private final JsonMapper json;

    InferenceRouter(
            RoutingTable table,
            ReplicaBalancer balancer,
            ReplicaClient client,
            ResponseRelay relay,
            Metering metering,
            KeyRateLimiter limiter,
            JsonMapper json) {
        this.table = table;
        this.balancer = balancer;
        this.client = client;
        this.relay = relay;
        this.metering = metering;
        this.limiter = limiter;
        this.json = json;
    }

    void route(AuthenticatedUser caller, RoutedRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        RoutingTable.Snapshot routes = table.current();
        Row row =
                ModelCatalog.find(routes, caller, request.model()).orElseThrow(() -> ModelNotFound.of(request.model()));
        Endpoint endpoint = row.endpoint();
        KeyRateLimiter.Permit permit = limiter.admit(caller, response);
        Metering.Request metered = metering.start(caller, row, request, started);
        if (endpoint.state() != EndpointState.RUNNING) {
            throw metered.refused(unavailable("Endpoint '" + endpoint.name() + "' is " + endpoint.state()
                    + ", not Running; start it (POST /api/v1/endpoints/{id}/start) or wait until it is Running."));
        }
        List<Replica> candidates = new ArrayList<>(routes.readyReplicas(endpoint.id()));
        if (candidates.isEmpty()) {
            throw metered.refused(
                    unavailable("Endpoint '" + endpoint.name() + "' has no ready replica right now; retry shortly."));
        }
        Optional<Forward> forward = routes.forward(endpoint.id());
        if (forward.isPresent() && forward.get().problem() != null) {
            throw metered.refused(unavailable("Endpoint '" + endpoint.name() + "' cannot forward to its provider: "
                    + forward.get().problem()
                    + "; its owner can set the key again (PATCH /api/v1/endpoints/{id} with upstream.apiKey)."));
        }
        RoutedRequest outgoing =
                forward.map(f -> request.withModel(f.model(), json)).orElse(request);
        metered.load(
                candidates.size(),
                candidates.stream().mapToInt(balancer::inFlight).sum() + 1,
                routes.slotsPerReplica(endpoint.id()));
        String failure = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Replica> picked = balancer.pick(candidates);
            if (picked.isEmpty()) {
                break;
            }
            Replica replica = picked.get();
            candidates.remove(replica);
            boolean retryLeft = attempt < ATTEMPTS && !candidates.isEmpty();
            try (ReplicaBalancer.Lease lease = balancer.acquire(replica)) {
                UpstreamResponse upstream;
                try {
                    upstream = forward.isPresent()
                            ? client.send(forward.get().baseUrl(), forward.get().authorization(), outgoing)
                            : client.send(replica, outgoing);
                } catch (IOException e) {
                    balancer.suspect(replica);
                    failure = forward.map(f -> "the provider at " + f.baseUrl()).orElse("replica " + replica.id())
                            + " could not be reached (" + e + ")";
                    log.warn("endpoint {}: {}{}", endpoint.name(), failure, retryLeft ? "; retrying on another" : "");
                    continue;
                }
                try (upstream) {
                    if (upstream.status() == TOO_MANY_REQUESTS && retryLeft) {
                        log.info(
                                "endpoint {}: replica {} is full (429); trying another", endpoint.name(), replica.id());
                        continue;
                    }
                    if (upstream.status() >= 500) {
                        balancer.suspect(replica);
                        if (retryLeft) {
                            log.warn(
                                    "endpoint {}: replica {} answered {}; retrying on another",
                                    endpoint.name(),
                                    replica.id(),
                                    upstream.status());
                            continue;
                        }
                    }
                    if (forward.isPresent() && (upstream.status() == UNAUTHORIZED || upstream.status() == FORBIDDEN)) {
                        log.warn(
                                "endpoint {}: the provider at {} refused its API key ({})",
                                endpoint.name(),
                                forward.get().baseUrl(),
                                upstream.status());
                        throw metered.refused(new ApiException(
                                ProblemType.BAD_GATEWAY,
                                "The provider behind endpoint '" + endpoint.name() + "' refused its API key ("
                                        + upstream.status() + "); the endpoint's owner can replace the key"
                                        + " (PATCH /api/v1/endpoints/{id} with upstream.apiKey)."));
                    }
                    Relayed relayed = relay.relay(endpoint.name(), replica, request, upstream, response);
                    permit.used(
                            metered.relayed(replica, lease.sharing(), relayed).totalTokens());
                    return;
                }
            }
        }
        throw metered.refused(
                unavailable("No replica of endpoint '" + endpoint.name() + "' answered: " + failure + "."));
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(ProblemType.UNAVAILABLE, detail);
    }
}
