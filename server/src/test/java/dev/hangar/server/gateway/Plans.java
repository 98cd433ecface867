package dev.hangar.server.gateway;

import static org.mockito.Mockito.mock;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.KeyLimits;
import dev.hangar.server.auth.Role;
import dev.hangar.server.auth.UserLimits;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.endpoint.DesiredState;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.telemetry.RequestMeter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link RoutePlanner} over an endpoint held in memory, for tests of the gateway's decisions
 * without a database or sockets: a local endpoint with replicas, or a router endpoint whose one
 * "replica" stands for its provider.
 */
final class Plans {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final AuthenticatedUser CALLER =
            new AuthenticatedUser("usr_1", "ann", Role.USER, Optional.of("key_1"), KeyLimits.NONE, UserLimits.NONE);
    static final String PROVIDER_URL = "https://provider.example/v1";

    final ReplicaBalancer balancer = new ReplicaBalancer(Clock.systemUTC());
    final RequestMeter meter = mock(RequestMeter.class);
    final RoutePlanner planner = new RoutePlanner(
            mock(RoutingTable.class),
            balancer,
            new Metering(meter, Clock.systemUTC()),
            new KeyRateLimiter(meter, Clock.systemUTC()),
            JSON);

    static Replica replica(String id, int port) {
        return replica(id, "ep-1", "http://127.0.0.1:" + port, port);
    }

    /** A ready replica of {@code endpointId} recorded at {@code address}; its port is null for a remote one. */
    static Replica replica(String id, String endpointId, String address, Integer port) {
        return new Replica(
                id,
                endpointId,
                0,
                1,
                ReplicaState.READY,
                address,
                "127.0.0.1",
                port,
                1L,
                null,
                "tok-" + id,
                "",
                0,
                null,
                null,
                null,
                null);
    }

    /** A running endpoint of user usr_1 of the kind {@code spec}; {@code upstreamApiKey} is sealed. */
    static Row row(String id, String name, Endpoint.Spec spec, int replicas, String upstreamApiKey) {
        Endpoint endpoint = new Endpoint(
                id,
                name,
                "usr_1",
                "",
                Visibility.PRIVATE,
                spec,
                null,
                1,
                replicas,
                replicas,
                replicas,
                EndpointState.RUNNING,
                null,
                null,
                null,
                null,
                Set.of(),
                Instant.now(),
                Instant.now());
        return new Row(endpoint, "usr_1", null, null, null, upstreamApiKey, DesiredState.RUNNING, 1, List.of());
    }

    /** A plan for a chat request to an endpoint with {@code replicas} (streamed or not). */
    RoutePlanner.Plan local(boolean stream, Replica... replicas) {
        return plan(stream, Map.of("ep-1", Forward.ToReplicas.INSTANCE), replicas);
    }

    /** A plan for a chat request to a router endpoint whose one replica is its provider at {@link #PROVIDER_URL}. */
    RoutePlanner.Plan router(boolean stream) {
        Forward forward = new Forward.ToProvider("gpt-upstream", "Bearer sk-provider", null);
        return plan(stream, Map.of("ep-1", forward), replica("provider-of-ep-1", "ep-1", PROVIDER_URL, null));
    }

    private RoutePlanner.Plan plan(boolean stream, Map<String, Forward> forwards, Replica... replicas) {
        Row row = row(
                "ep-1",
                "chat",
                new Endpoint.ModelSpec("m", "mdl_1", "llama.cpp", Map.of(), Map.of(), null),
                replicas.length,
                null);
        RoutingTable.Snapshot routes = new RoutingTable.Snapshot(
                1, Map.of("chat", List.of(row)), Map.of("ep-1", List.of(replicas)), forwards, Map.of());
        RoutedRequest request = RoutedRequest.parse(
                InferenceKind.CHAT,
                ("{\"model\":\"chat\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                JSON);
        return planner.admit(
                CALLER, request, new RoutePlanner.Target(routes, row, null), System.nanoTime(), (h, v) -> {});
    }
}
