package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.EndpointChanges;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.runtime.RuntimeCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The endpoints by name, their ready replicas and router endpoints' providers, as the gateway routes
 * by them: a copy in memory,
 * so that a request costs no database query. It is read again when {@link EndpointChanges} says an
 * endpoint or replica changed (state, visibility, a replica ready or gone), and in the background
 * when it is older than {@link #MAX_AGE}, which bounds (with one reading) how long a change made by
 * another process takes to show.
 */
@Component
class RoutingTable {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(RoutingTable.class);

    /** One reading of the tables. */
    record Snapshot(
            long version,
            Instant readAt,
            Map<String, List<Row>> byName,
            Map<String, List<Replica>> ready,
            Map<String, Forward> forwards,
            Map<String, Integer> slots) {

        List<Row> named(String name) {
            return byName.getOrDefault(name, List.of());
        }

        List<Replica> readyReplicas(String endpointId) {
            return ready.getOrDefault(endpointId, List.of());
        }

        /** How many requests one of the endpoint's replicas serves at once; empty where its runtime does not say. */
        OptionalInt slotsPerReplica(String endpointId) {
            Integer perReplica = slots.get(endpointId);
            return perReplica == null ? OptionalInt.empty() : OptionalInt.of(perReplica);
        }

        /** Where a router endpoint forwards; empty for an endpoint with replicas of its own. */
        Optional<Forward> forward(String endpointId) {
            return Optional.ofNullable(forwards.get(endpointId));
        }
    }

    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final EndpointChanges changes;
    private final CredentialCipher cipher;
    private final RuntimeCatalog catalog;
    private final Clock clock;
    private volatile Snapshot current;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    RoutingTable(
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            EndpointChanges changes,
            CredentialCipher cipher,
            RuntimeCatalog catalog,
            Clock clock) {
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.changes = changes;
        this.cipher = cipher;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * The current snapshot. After a change in this process it is read again at once; when it is
     * only old (older than {@link #MAX_AGE}), the old one still answers while a background thread
     * reads the new one, so that no request (on the edge's event loop least of all) waits for it.
     */
    Snapshot current() {
        return currentIfRead().orElseGet(this::readAfterChange);
    }

    /**
     * The current snapshot when answering it reads nothing: empty after a change in this process
     * that was not read yet, which {@link #current} then reads (blocking; the edge calls it off
     * its event loops).
     */
    Optional<Snapshot> currentIfRead() {
        Snapshot snapshot = current;
        if (snapshot == null || snapshot.version() != changes.version()) {
            return Optional.empty();
        }
        if (!fresh(snapshot)) {
            refreshInBackground();
        }
        return Optional.of(snapshot);
    }

    private Snapshot readAfterChange() {
        synchronized (this) {
            Snapshot snapshot = current;
            if (!fresh(snapshot)) {
                snapshot = read();
                current = snapshot;
            }
            return snapshot;
        }
    }

    private void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("routing-table-refresh").start(() -> {
            try {
                synchronized (this) {
                    if (!fresh(current)) {
                        current = read();
                    }
                }
            } catch (RuntimeException e) {
                log.warn(
                        "routing table: could not read the endpoints again ({}); routing by the last reading",
                        e.toString());
            } finally {
                refreshing.set(false);
            }
        });
    }

    private boolean fresh(Snapshot snapshot) {
        return snapshot != null
                && snapshot.version() == changes.version()
                && snapshot.readAt().plus(MAX_AGE).isAfter(clock.instant());
    }

    private Snapshot read() {
        long version = changes.version();
        Instant at = clock.instant();
        List<Row> all = endpoints.findAll();
        Map<String, List<Row>> byName = all.stream()
                .collect(Collectors.groupingBy(row -> row.endpoint().name(), LinkedHashMap::new, Collectors.toList()));
        Map<String, List<Replica>> ready =
                replicas.ready().stream().collect(Collectors.groupingBy(Replica::endpointId));
        Map<String, Forward> forwards = all.stream()
                .filter(row -> row.endpoint().upstream() != null)
                .collect(Collectors.toMap(row -> row.endpoint().id(), row -> Forward.of(row, cipher)));
        Map<String, Integer> slots = new HashMap<>();
        for (Row row : all) {
            catalog.find(row.endpoint().runtime())
                    .ifPresent(runtime -> runtime.slotsPerReplica(row.endpoint().engineArgs())
                            .ifPresent(perReplica -> slots.put(row.endpoint().id(), perReplica)));
        }
        return new Snapshot(version, at, byName, ready, forwards, slots);
    }
}
