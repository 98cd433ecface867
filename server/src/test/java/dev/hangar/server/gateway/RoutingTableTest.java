package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointChanges;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.Upstream;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.runtime.RuntimeCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing table is read by its own thread only: a request takes the snapshot in memory, or
 * waits for the reading a change asked for, and never reads the tables itself.
 */
class RoutingTableTest {

    private final EndpointRepository endpoints = mock(EndpointRepository.class);
    private final ReplicaRepository replicas = mock(ReplicaRepository.class);
    private final CredentialCipher cipher = mock(CredentialCipher.class);
    private final EndpointChanges changes = mock(EndpointChanges.class);
    private final AtomicLong version = new AtomicLong();
    private final AtomicReference<Runnable> notify = new AtomicReference<>();
    /** The threads that read the endpoints, after the first reading at start. */
    private final Set<String> readers = ConcurrentHashMap.newKeySet();

    private RoutingTable table;

    @BeforeEach
    void start() {
        when(changes.version()).thenAnswer(call -> version.get());
        doAnswer(call -> {
                    notify.set(call.getArgument(0));
                    return null;
                })
                .when(changes)
                .onChange(any());
        when(endpoints.findAll()).thenReturn(List.of());
        when(replicas.ready()).thenReturn(List.of());
        // no periodic reading within a test: each reading it sees was asked for, by a change or a request
        table = new RoutingTable(endpoints, replicas, changes, cipher, mock(RuntimeCatalog.class), Duration.ofHours(1));
        table.start();
        doAnswer(call -> {
                    readers.add(Thread.currentThread().getName());
                    return List.of();
                })
                .when(endpoints)
                .findAll();
    }

    @AfterEach
    void stop() {
        table.stop();
    }

    @Test
    void aRequestAfterAChangeWaitsForTheRefresherAndNeverReadsItself() throws Exception {
        assertThat(table.currentIfRead())
                .as("read at start")
                .hasValueSatisfying(s -> assertThat(s.version()).isZero());

        version.set(2);

        assertThat(table.currentIfRead()).as("older than the change").isEmpty();
        var snapshot = table.whenCurrent().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(table.current().version()).isEqualTo(2);
        assertThat(readers).containsExactly("routing-table-refresh");
    }

    @Test
    void aCommittedChangeIsReadBeforeAnyRequestAsks() {
        version.set(2);
        notify.get().run();

        // read without any request asking: the change's notice woke the refresher (no periodic reading here)
        await().atMost(Duration.ofSeconds(30)).until(() -> table.currentIfRead().isPresent());
        assertThat(readers).containsExactly("routing-table-refresh");
    }

    /**
     * Where a request goes is the replica's address as its backend recorded it: a router's
     * provider as it was checked, even after its upstream was changed meanwhile (a new one is
     * checked by its redeployment), and a model endpoint's replica at its own port with its token.
     */
    @Test
    void requestsGoToTheAddressesTheReplicasWereStartedAt() {
        Row router = Plans.row(
                "ep-router",
                "gpt",
                new Endpoint.RouterSpec(new Upstream("https://changed.example/v1", "gpt-4o", true), null),
                1,
                "sealed");
        Row model = Plans.row(
                "ep-model",
                "chat",
                new Endpoint.ModelSpec("m", "mdl_1", "llama.cpp", Map.of(), Map.of(), null),
                1,
                null);
        Replica provider = Plans.replica("rep-provider", "ep-router", "https://checked.example/v1", null);
        Replica local = Plans.replica("rep-local", "ep-model", "http://127.0.0.1:8107", 8107);
        when(cipher.open("sealed")).thenReturn("sk-provider");
        doAnswer(call -> List.of(router, model)).when(endpoints).findAll();
        when(replicas.ready()).thenReturn(List.of(provider, local));
        version.set(1);

        RoutingTable.Snapshot routes = table.current();

        Replica routerReplica = routes.readyReplicas("ep-router").getFirst();
        assertThat(routes.forward("ep-router").to(routerReplica))
                .isEqualTo(new Upstreams.Destination("https://checked.example/v1", "Bearer sk-provider", true));
        Replica modelReplica = routes.readyReplicas("ep-model").getFirst();
        assertThat(routes.forward("ep-model").to(modelReplica))
                .isEqualTo(new Upstreams.Destination("http://127.0.0.1:8107/v1", "Bearer tok-rep-local", false));
    }

    @Test
    void aFailedReadingRefusesThoseWaitingAsUnavailableAndKeepsTheLastSnapshotForLater() {
        doAnswer(call -> {
                    throw new IllegalStateException("database down");
                })
                .when(endpoints)
                .findAll();
        version.set(2);

        assertThatThrownBy(table::current)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        refusal -> assertThat(refusal.type()).isEqualTo(ProblemType.UNAVAILABLE));

        version.set(0);
        assertThat(table.currentIfRead()).as("the last snapshot").isPresent();
    }
}
