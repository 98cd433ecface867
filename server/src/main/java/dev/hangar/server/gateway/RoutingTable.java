package dev.hangar.server.gateway;

import dev.hangar.server.core.ServiceThread;
import dev.hangar.server.endpoint.EndpointChanges;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.runtime.RuntimeCatalog;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The endpoints by name, their ready replicas and how requests are sent to them, as the gateway
 * routes by them: an immutable snapshot in memory, so that a request costs no database query. One thread
 * of its own reads the tables and swaps the snapshot whole: when {@link EndpointChanges} says an
 * endpoint or replica changed (state, visibility, a replica ready or gone), and every {@link
 * #REFRESH_EVERY} besides, which bounds how long a change made by another process takes to show.
 * No request reads the database or takes a lock: one that finds the snapshot older than a change
 * this process made waits for the next reading ({@link #whenCurrent}) without holding a thread.
 */
@Component
class RoutingTable implements SmartLifecycle {

    static final Duration REFRESH_EVERY = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(RoutingTable.class);

    /** One reading of the tables; {@code version} is {@link EndpointChanges#version} before it was read. */
    record Snapshot(
            long version,
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

        /** How the endpoint's requests are sent to its replicas (at each one's address). */
        Forward forward(String endpointId) {
            return forwards.get(endpointId);
        }
    }

    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final EndpointChanges changes;
    private final CredentialCipher cipher;
    private final RuntimeCatalog catalog;
    private volatile Snapshot current;
    /** Completed by the next reading to start: every reading starts after whoever took this future took it. */
    private final AtomicReference<CompletableFuture<Snapshot>> nextReading =
            new AtomicReference<>(new CompletableFuture<>());

    private final Semaphore wake = new Semaphore(0);
    private final ServiceThread refresher = new ServiceThread("routing-table-refresh");
    private final Duration refreshEvery;

    @Autowired
    RoutingTable(
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            EndpointChanges changes,
            CredentialCipher cipher,
            RuntimeCatalog catalog) {
        this(endpoints, replicas, changes, cipher, catalog, REFRESH_EVERY);
    }

    /** With the periodic reading every {@code refreshEvery} (besides the one after each change). */
    RoutingTable(
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            EndpointChanges changes,
            CredentialCipher cipher,
            RuntimeCatalog catalog,
            Duration refreshEvery) {
        this.refreshEvery = refreshEvery;
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.changes = changes;
        this.cipher = cipher;
        this.catalog = catalog;
        changes.onChange(wake::release);
    }

    /**
     * The snapshot when it was read after every change this process made; empty while the next
     * reading is due, which {@link #whenCurrent} waits for. Never blocks.
     */
    Optional<Snapshot> currentIfRead() {
        Snapshot snapshot = current;
        return snapshot != null && snapshot.version() == changes.version() ? Optional.of(snapshot) : Optional.empty();
    }

    /** The current snapshot: at once, or once the refresher has read the tables again. Never reads them itself. */
    CompletionStage<Snapshot> whenCurrent() {
        Optional<Snapshot> now = currentIfRead();
        if (now.isPresent()) {
            return CompletableFuture.completedStage(now.get());
        }
        CompletableFuture<Snapshot> next = nextReading.get();
        wake.release();
        return next.minimalCompletionStage();
    }

    /** The current snapshot, waiting for the refresher as {@link #whenCurrent} does. Blocks: not for event loops. */
    Snapshot current() {
        try {
            return whenCurrent().toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** Reads the first snapshot before the server listens, then leaves the rest to the refresher. */
    @Override
    public void start() {
        refresh();
        refresher.start(this::refreshUntilStopped);
    }

    @Override
    public void stop() {
        refresher.stop();
        nextReading.get().completeExceptionally(unavailable());
    }

    @Override
    public boolean isRunning() {
        return refresher.running();
    }

    /** Starts before the web server and stops after it: no request finds the table unread. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void refreshUntilStopped() {
        while (refresher.running()) {
            try {
                wake.tryAcquire(refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            wake.drainPermits();
            refresh();
        }
    }

    /** One reading, swapped in whole; a failed one keeps the last snapshot and refuses those waiting for it. */
    private void refresh() {
        CompletableFuture<Snapshot> reading = nextReading.getAndSet(new CompletableFuture<>());
        try {
            Snapshot snapshot = read();
            current = snapshot;
            reading.complete(snapshot);
        } catch (RuntimeException e) {
            log.warn(
                    "routing table: could not read the endpoints again ({}); routing by the last reading",
                    e.toString());
            reading.completeExceptionally(unavailable());
        }
    }

    private static ApiException unavailable() {
        return new ApiException(ProblemType.UNAVAILABLE, MessageCode.GATEWAY_ROUTES_UNREADABLE.with());
    }

    private Snapshot read() {
        long version = changes.version();
        List<Row> all = endpoints.findAll();
        Map<String, List<Row>> byName = Collections.unmodifiableMap(all.stream()
                .collect(Collectors.groupingBy(
                        row -> row.endpoint().name(), LinkedHashMap::new, Collectors.toUnmodifiableList())));
        Map<String, List<Replica>> ready = Map.copyOf(replicas.ready().stream()
                .collect(Collectors.groupingBy(Replica::endpointId, Collectors.toUnmodifiableList())));
        Map<String, Forward> forwards = new HashMap<>();
        Map<String, Integer> slots = new HashMap<>();
        for (Row row : all) {
            forwards.put(row.endpoint().id(), Forward.of(row, cipher));
            catalog.find(row.endpoint().runtime())
                    .ifPresent(runtime -> runtime.slotsPerReplica(row.endpoint().engineArgs())
                            .ifPresent(perReplica -> slots.put(row.endpoint().id(), perReplica)));
        }
        return new Snapshot(version, byName, ready, Map.copyOf(forwards), Map.copyOf(slots));
    }
}
