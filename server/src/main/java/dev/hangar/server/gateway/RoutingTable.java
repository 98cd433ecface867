package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.EndpointChanges;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The endpoints by name and their ready replicas, as the gateway routes by them: a copy in memory,
 * so that a request costs no database query. It is read again when {@link EndpointChanges} says an
 * endpoint or replica changed (state, visibility, a replica ready or gone), and at least every
 * {@link #MAX_AGE}, which bounds how long a change made by another process takes to show.
 */
@Component
class RoutingTable {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    /** One reading of the tables. */
    record Snapshot(long version, Instant readAt, Map<String, List<Row>> byName, Map<String, List<Replica>> ready) {

        List<Row> named(String name) {
            return byName.getOrDefault(name, List.of());
        }

        List<Replica> readyReplicas(String endpointId) {
            return ready.getOrDefault(endpointId, List.of());
        }
    }

    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final EndpointChanges changes;
    private final Clock clock;
    private volatile Snapshot current;

    RoutingTable(EndpointRepository endpoints, ReplicaRepository replicas, EndpointChanges changes, Clock clock) {
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.changes = changes;
        this.clock = clock;
    }

    Snapshot current() {
        Snapshot snapshot = current;
        if (fresh(snapshot)) {
            return snapshot;
        }
        synchronized (this) {
            snapshot = current;
            if (!fresh(snapshot)) {
                snapshot = read();
                current = snapshot;
            }
            return snapshot;
        }
    }

    private boolean fresh(Snapshot snapshot) {
        return snapshot != null
                && snapshot.version() == changes.version()
                && snapshot.readAt().plus(MAX_AGE).isAfter(clock.instant());
    }

    private Snapshot read() {
        long version = changes.version();
        Instant at = clock.instant();
        Map<String, List<Row>> byName = endpoints.findAll().stream()
                .collect(Collectors.groupingBy(row -> row.endpoint().name(), LinkedHashMap::new, Collectors.toList()));
        Map<String, List<Replica>> ready =
                replicas.ready().stream().collect(Collectors.groupingBy(Replica::endpointId));
        return new Snapshot(version, at, byName, ready);
    }
}
