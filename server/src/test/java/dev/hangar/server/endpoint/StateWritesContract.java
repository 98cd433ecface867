package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.core.UtcTimestamps;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.runtime.RuntimeSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoint and replica state writes against a real database migrated by Flyway, one subclass
 * per database Hangar supports: a write the transition table refuses leaves the row as it was, one
 * it allows moves the row, whatever the caller believed the state to be.
 */
abstract class StateWritesContract {

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final Instant T1 = Instant.parse("2026-03-01T10:20:00.456Z");
    private static final String ENDPOINT = "end_1";
    private static final String SLOT = "rep_1";
    private static final Set<DataSource> MIGRATED = ConcurrentHashMap.newKeySet();

    private JdbcClient jdbc;
    private EndpointRepository endpoints;
    private ReplicaRepository replicas;

    /** A data source on an empty database of the kind under test. */
    abstract DataSource dataSource();

    @BeforeEach
    void migrateAndSeed() {
        DataSource dataSource = dataSource();
        if (MIGRATED.add(dataSource)) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        }
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("delete from endpoints").update();
        jdbc.sql("delete from clusters").update();
        jdbc.sql("delete from users where id = 'usr_states'").update();
        jdbc.sql("insert into users (id, username, password_hash, role, created_at)"
                        + " values ('usr_states', 'states', 'h', 'user', current_timestamp)")
                .update();
        jdbc.sql(
                        "insert into clusters (id, name, kind, created_at) values ('cls_1', 'local', 'local', current_timestamp)")
                .update();
        EndpointChanges changes = new EndpointChanges();
        endpoints = new EndpointRepository(jdbc, JsonMapper.builder().build(), changes);
        replicas = new ReplicaRepository(jdbc, changes);
        endpoints.insert(
                new EndpointRepository.NewEndpoint(
                        ENDPOINT,
                        "usr_states",
                        new CreateEndpointRequest(
                                "chat",
                                null,
                                RuntimeSpec.ROUTER,
                                Map.of(),
                                null,
                                null,
                                null,
                                1,
                                1,
                                Visibility.PRIVATE,
                                null,
                                Map.of(),
                                null,
                                null),
                        null,
                        new EndpointRepository.Launch(RuntimeSpec.ROUTER, Map.of(), Map.of(), "cls_1", null),
                        1,
                        1,
                        T0),
                null);
        replicas.insert(SLOT, ENDPOINT, 0, "127.0.0.1", "/tmp/rep_1.log", T0);
    }

    static Stream<Arguments> endpointPairs() {
        return Arrays.stream(EndpointState.values())
                .flatMap(from -> Arrays.stream(EndpointState.values()).map(to -> Arguments.of(from, to)));
    }

    static Stream<Arguments> replicaPairs() {
        return Arrays.stream(ReplicaState.values())
                .flatMap(from -> Arrays.stream(ReplicaState.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("endpointPairs")
    void theReconcilersWriteMovesAnEndpointOnlyAlongTheTable(EndpointState from, EndpointState to) {
        jdbc.sql("update endpoints set state = ?, state_reason = 'as it was' where id = ?")
                .params(from.toString(), ENDPOINT)
                .update();
        EndpointRepository.Row before = endpoints.findById(ENDPOINT).orElseThrow();

        boolean written = endpoints.observe(
                ENDPOINT,
                before.generation(),
                to,
                MessageCode.REASON_STOPPED.with(),
                before.endpoint().progress(),
                T1);

        EndpointRepository.Row after = endpoints.findById(ENDPOINT).orElseThrow();
        assertThat(written).isEqualTo(from.canMoveTo(to));
        if (written) {
            assertThat(after.endpoint().state()).isEqualTo(to);
            assertThat(after.endpoint().stateReason()).isEqualTo("stopped");
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("replicaPairs")
    void aReplicaWriteMovesTheSlotOnlyAlongTheTable(ReplicaState from, ReplicaState to) {
        jdbc.sql("update replicas set state = ?, pid = 4242, process_start = ?, port = 8101, next_start_at = ?"
                        + " where id = ?")
                .params(from.toString(), UtcTimestamps.column(T0), UtcTimestamps.column(T0), SLOT)
                .update();
        Replica before = slot();

        boolean written = switch (to) {
            case STARTING -> replicas.started(SLOT, 2, "http://127.0.0.1:8101", 5151, T1, "fresh-token", true, T1);
            case READY -> replicas.ready(SLOT, T1);
            case FAILED -> replicas.failed(SLOT, 137, T1);
            case STOPPING -> replicas.stopping(SLOT);
            case STOPPED -> replicas.stopped(SLOT, 0);
        };

        Replica after = slot();
        assertThat(written).isEqualTo(from.canMoveTo(to));
        if (written) {
            assertThat(after.state()).isEqualTo(to);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    /**
     * A stop that comes while a deployment verifies the slot wins: the late "ready" finds it
     * stopping and changes nothing, and the slot is never routed to.
     */
    @Test
    void aSlotStoppedWhileItWasVerifiedIsNotMadeReady() {
        assertThat(replicas.started(SLOT, 1, "http://127.0.0.1:8101", 4242, T0, "token", false, T0))
                .isTrue();
        assertThat(replicas.stopping(SLOT)).isTrue();

        assertThat(replicas.ready(SLOT, T1)).isFalse();

        assertThat(slot().state()).isEqualTo(ReplicaState.STOPPING);
        assertThat(slot().readyAt()).isNull();
        assertThat(replicas.stopped(SLOT, 143)).isTrue();
        assertThat(replicas.ready()).isEmpty();
    }

    /** A process that crashed while it was verified leaves a failed slot: a late "ready" does not revive it. */
    @Test
    void aSlotThatFailedWhileItWasVerifiedStaysFailed() {
        assertThat(replicas.started(SLOT, 1, "http://127.0.0.1:8101", 4242, T0, "token", false, T0))
                .isTrue();
        assertThat(replicas.failed(SLOT, 139, T1)).isTrue();
        Replica failed = slot();

        assertThat(replicas.ready(SLOT, T1)).isFalse();

        assertThat(slot()).isEqualTo(failed);
        assertThat(replicas.ready()).isEmpty();
    }

    /** A slot answers where its backend said when it started it, until its process or provider is gone. */
    @Test
    void aSlotHasTheAddressItWasStartedAtUntilItStopsOrFails() {
        assertThat(replicas.started(SLOT, 1, "http://127.0.0.1:8101", 4242, T0, "token", false, T0))
                .isTrue();
        assertThat(replicas.ready(SLOT, T1)).isTrue();
        assertThat(replicas.ready()).extracting(Replica::address).containsExactly("http://127.0.0.1:8101");

        assertThat(replicas.failed(SLOT, 139, T1)).isTrue();
        assertThat(slot().address()).isNull();

        assertThat(replicas.startedRemotely(SLOT, 2, "https://provider.example/v1", T1))
                .isTrue();
        assertThat(replicas.ready(SLOT, T1)).isTrue();
        assertThat(slot().address()).isEqualTo("https://provider.example/v1");
        assertThat(slot().pid()).as("a provider is no process of ours").isNull();
        assertThat(replicas.stopped(SLOT, null)).isTrue();
        assertThat(slot().address()).isNull();
    }

    /** A stopped slot is started before it is ready: a provider's slot too, which has no process. */
    @Test
    void aStoppedSlotIsNotMadeReadyWithoutBeingStarted() {
        assertThat(replicas.ready(SLOT, T1)).isFalse();
        assertThat(slot().state()).isEqualTo(ReplicaState.STOPPED);
        assertThat(replicas.startedRemotely(SLOT, 1, "https://provider.example/v1", T1))
                .isTrue();
        assertThat(replicas.startedRemotely(SLOT, 1, "https://elsewhere.example/v1", T1))
                .as("a started slot is not started again")
                .isFalse();
        assertThat(slot().address()).isEqualTo("https://provider.example/v1");
    }

    /**
     * Replicas recorded before addresses were stored get the one the gateway used for them: a
     * process's host and port, a ready router replica's upstream base URL; others none.
     */
    @Test
    void replicasFromBeforeAddressesGetTheOnesTheGatewayUsed() {
        String schema = "before_addresses";
        jdbc.sql("drop schema if exists " + schema + " cascade").update();
        Flyway.configure()
                .dataSource(dataSource())
                .schemas(schema)
                .locations("classpath:db/migration")
                .target("18")
                .load()
                .migrate();
        jdbc.sql("insert into " + schema + ".users (id, username, password_hash, role, created_at)"
                        + " values ('usr_1', 'old', 'h', 'user', ?)")
                .param(UtcTimestamps.column(T0))
                .update();
        jdbc.sql("insert into " + schema
                        + ".clusters (id, name, kind, created_at) values ('cls_1', 'local', 'local', ?)")
                .param(UtcTimestamps.column(T0))
                .update();
        for (String endpoint : List.of("end_local", "end_router")) {
            jdbc.sql(
                            "insert into " + schema
                                    + ".endpoints (id, owner_id, name, visibility, runtime, engine_args, env,"
                                    + " cluster_id, min_replicas, max_replicas, replicas, desired, generation, state, progress,"
                                    + " failure_times, created_at, updated_at) values (?, 'usr_1', ?, 'private',"
                                    + " 'openai-compatible', '{}', '{}', 'cls_1', 1, 1, 1, 'running', 1, 'Running', '{}', '', ?, ?)")
                    .params(endpoint, endpoint, UtcTimestamps.column(T0), UtcTimestamps.column(T0))
                    .update();
        }
        jdbc.sql("insert into " + schema + ".endpoint_upstreams (endpoint_id, base_url, model)"
                        + " values ('end_router', 'https://provider.example/v1', 'gpt')")
                .update();
        String replica = "insert into " + schema + ".replicas (id, endpoint_id, ordinal, generation, state, host, port,"
                + " pid, token, log_file, restarts, created_at) values (?, ?, ?, 1, ?, ?, ?, ?, '', '', 0, ?)";
        jdbc.sql(replica)
                .params("rep_ready", "end_local", 0, "ready", "127.0.0.1", 8101, 4242L, UtcTimestamps.column(T0))
                .update();
        jdbc.sql(replica)
                .params("rep_failed", "end_local", 1, "failed", "127.0.0.1", null, null, UtcTimestamps.column(T0))
                .update();
        jdbc.sql(replica)
                .params(
                        "rep_provider",
                        "end_router",
                        0,
                        "ready",
                        "provider.example",
                        null,
                        null,
                        UtcTimestamps.column(T0))
                .update();

        Flyway.configure()
                .dataSource(dataSource())
                .schemas(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate();

        Map<String, Object> addresses = new HashMap<>();
        jdbc.sql("select id, address from " + schema + ".replicas")
                .query((rs, n) -> addresses.put(rs.getString("id"), rs.getString("address")))
                .list();
        assertThat(addresses)
                .containsEntry("rep_ready", "http://127.0.0.1:8101")
                .containsEntry("rep_failed", null)
                .containsEntry("rep_provider", "https://provider.example/v1");
        jdbc.sql("drop schema " + schema + " cascade").update();
    }

    /** A restart asked of an endpoint whose state meanwhile became one that allows none is refused and changes nothing. */
    @Test
    void aRestartOfAnEndpointThatMeanwhileStoppedChangesNothing() {
        assertThat(endpoints.observe(
                        ENDPOINT,
                        1,
                        EndpointState.STOPPED,
                        MessageCode.REASON_STOPPED.with(),
                        Progress.notStarted(),
                        T0))
                .isTrue();
        EndpointRepository.Row before = endpoints.findById(ENDPOINT).orElseThrow();

        boolean written = endpoints.request(
                ENDPOINT,
                EndpointAction.RESTART,
                DesiredState.RUNNING,
                EndpointState.BUILDING,
                MessageCode.REASON_REQUESTED.with("action", "restart", "user", "alice"),
                T1);

        assertThat(written).isFalse();
        assertThat(endpoints.findById(ENDPOINT).orElseThrow()).isEqualTo(before);
    }

    private Replica slot() {
        return replicas.find(ENDPOINT, SLOT).orElseThrow();
    }
}
