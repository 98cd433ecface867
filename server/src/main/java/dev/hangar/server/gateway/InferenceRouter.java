package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Routes one OpenAI request to a ready replica of the endpoint its {@code model} names and relays
 * the answer. A replica that cannot be reached, or answers 5xx before the client has seen a byte,
 * is marked suspect and the request goes once more to another replica; after that, the client gets
 * what the second one answered, or a 503.
 */
@Service
class InferenceRouter {

    private static final Logger log = LoggerFactory.getLogger(InferenceRouter.class);
    private static final int ATTEMPTS = 2;

    private final ModelCatalog catalog;
    private final ReplicaRepository replicas;
    private final ReplicaBalancer balancer;
    private final ReplicaClient client;
    private final ResponseRelay relay;

    InferenceRouter(
            ModelCatalog catalog,
            ReplicaRepository replicas,
            ReplicaBalancer balancer,
            ReplicaClient client,
            ResponseRelay relay) {
        this.catalog = catalog;
        this.replicas = replicas;
        this.balancer = balancer;
        this.client = client;
        this.relay = relay;
    }

    void route(AuthenticatedUser caller, RoutedRequest request, HttpServletResponse response) throws IOException {
        Endpoint endpoint = catalog.find(caller, request.model()).orElseThrow(() -> ModelNotFound.of(request.model()));
        if (endpoint.state() != EndpointState.RUNNING) {
            throw unavailable("Endpoint '" + endpoint.name() + "' is " + endpoint.state()
                    + ", not Running; start it (POST /api/v1/endpoints/{id}/start) or wait until it is Running.");
        }
        List<Replica> candidates = new ArrayList<>(replicas.of(endpoint.id()).stream()
                .filter(r -> r.state() == ReplicaState.READY && r.address() != null)
                .toList());
        if (candidates.isEmpty()) {
            throw unavailable("Endpoint '" + endpoint.name() + "' has no ready replica right now; retry shortly.");
        }
        String failure = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Replica> picked = balancer.pick(candidates);
            if (picked.isEmpty()) {
                break;
            }
            Replica replica = picked.get();
            candidates.remove(replica);
            boolean retryLeft = attempt < ATTEMPTS && !candidates.isEmpty();
            try (ReplicaBalancer.Lease ignored = balancer.acquire(replica)) {
                HttpResponse<InputStream> upstream;
                try {
                    upstream = client.send(replica, request);
                } catch (IOException e) {
                    balancer.suspect(replica);
                    failure = "replica " + replica.id() + " could not be reached (" + e + ")";
                    log.warn("endpoint {}: {}{}", endpoint.name(), failure, retryLeft ? "; retrying on another" : "");
                    continue;
                }
                if (upstream.statusCode() >= 500) {
                    balancer.suspect(replica);
                    if (retryLeft) {
                        upstream.body().close();
                        log.warn(
                                "endpoint {}: replica {} answered {}; retrying on another",
                                endpoint.name(),
                                replica.id(),
                                upstream.statusCode());
                        continue;
                    }
                }
                relay.relay(endpoint.name(), replica, upstream, response);
                return;
            }
        }
        throw unavailable("No replica of endpoint '" + endpoint.name() + "' answered: " + failure + ".");
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(ProblemType.UNAVAILABLE, detail);
    }
}
