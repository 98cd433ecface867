package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.endpoint.Replica;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Routes one OpenAI request that reached the servlet container (a browser session's, or one for a
 * router endpoint) to a ready replica of the endpoint its {@code model} names, relays the answer and
 * has it metered, with blocking calls on the request's virtual thread. The decisions are the
 * {@link RoutePlanner}'s; API-key calls to endpoints with replicas of their own are served the same
 * way by {@link EdgeInference} without leaving the edge's event loop.
 */
@Service
class InferenceRouter {

    private static final Logger log = LoggerFactory.getLogger(InferenceRouter.class);

    private final RoutePlanner planner;
    private final ReplicaClient client;
    private final ResponseRelay relay;

    InferenceRouter(RoutePlanner planner, ReplicaClient client, ResponseRelay relay) {
        this.planner = planner;
        this.client = client;
        this.relay = relay;
    }

    void route(AuthenticatedUser caller, RoutedRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        RoutePlanner.Target target = planner.target(caller, request);
        RoutePlanner.Plan plan = planner.admit(caller, request, target, started, response::setHeader);
        String name = plan.endpoint.name();
        Optional<Replica> next;
        while ((next = planner.next(plan)).isPresent()) {
            Replica replica = next.get();
            try (ReplicaBalancer.Lease lease = planner.acquire(replica)) {
                UpstreamResponse upstream;
                try {
                    upstream = plan.forward.isPresent()
                            ? client.send(
                                    plan.forward.get().baseUrl(),
                                    plan.forward.get().authorization(),
                                    plan.outgoing)
                            : client.send(replica, plan.outgoing);
                } catch (IOException e) {
                    planner.unreachable(replica);
                    plan.failed(plan.describe(replica) + " could not be reached (" + e + ")");
                    log.warn(
                            "endpoint {}: {} could not be reached ({}){}",
                            name,
                            plan.describe(replica),
                            e,
                            plan.retryLeft() ? "; retrying on another" : "");
                    continue;
                }
                try (upstream) {
                    switch (planner.judge(plan, replica, upstream.status())) {
                        case TRY_ANOTHER ->
                            log.info("endpoint {}: replica {} is full (429); trying another", name, replica.id());
                        case SUSPECT_AND_TRY_ANOTHER ->
                            log.warn(
                                    "endpoint {}: replica {} answered {}; retrying on another",
                                    name,
                                    replica.id(),
                                    upstream.status());
                        case PROVIDER_REFUSED -> {
                            log.warn(
                                    "endpoint {}: {} refused its API key ({})",
                                    name,
                                    plan.describe(replica),
                                    upstream.status());
                            throw planner.providerRefused(plan, upstream.status());
                        }
                        case RELAY -> {
                            Relayed relayed = relay.relay(name, replica, request, upstream, response);
                            planner.relayed(plan, replica, lease.sharing(), relayed);
                            return;
                        }
                    }
                }
            }
        }
        throw plan.noneAnswered();
    }
}
