package dev.hangar.server.endpoint;

import dev.hangar.server.core.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code replicas} table: each replica slot and the process the reconciler last started for it. */
@Repository
public class ReplicaRepository {

    private final JdbcClient jdbc;
    private final EndpointChanges changes;

    ReplicaRepository(JdbcClient jdbc, EndpointChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /** A new, stopped slot. */
    public void insert(String id, String endpointId, int ordinal, String host, String logFile, Instant at) {
        jdbc.sql("insert into replicas (id, endpoint_id, ordinal, generation, state, host, token, log_file, restarts,"
                        + " created_at) values (?, ?, ?, 0, 'stopped', ?, '', ?, 0, ?)")
                .params(id, endpointId, ordinal, host, logFile, UtcTimestamps.column(at))
                .update();
    }

    public List<Replica> of(String endpointId) {
        return jdbc.sql("select * from replicas where endpoint_id = ? order by ordinal")
                .param(endpointId)
                .query(this::map)
                .list();
    }

    /**
     * Every ready replica, whatever its endpoint: what the gateway can send requests to (a local one
     * at its address, a router endpoint's one at the endpoint's upstream).
     */
    public List<Replica> ready() {
        return jdbc.sql("select * from replicas where state = 'ready' order by endpoint_id, ordinal")
                .query(this::map)
                .list();
    }

    public Optional<Replica> find(String endpointId, String replicaId) {
        return jdbc.sql("select * from replicas where endpoint_id = ? and id = ?")
                .params(endpointId, replicaId)
                .query(this::map)
                .optional();
    }

    /** Every replica that has (or may have) a process, whatever its endpoint: what a restarted server must account for. */
    public List<Replica> withProcess() {
        return jdbc.sql("select * from replicas where pid is not null order by endpoint_id, ordinal")
                .query(this::map)
                .list();
    }

    /** The ports replicas hold on a host. */
    public Set<Integer> portsInUse(String host) {
        return jdbc
                .sql("select port from replicas where host = ? and port is not null")
                .param(host)
                .query(Integer.class)
                .set()
                .stream()
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The slot holds a port before its process starts, so that two starts never pick the same one. */
    public void reservePort(String id, int port) {
        jdbc.sql("update replicas set port = ? where id = ?").params(port, id).update();
    }

    /** A process was started for the slot; {@code restarted} counts it as a restart. */
    public void started(
            String id, int generation, long pid, Instant processStart, String token, boolean restarted, Instant at) {
        jdbc.sql(
                        "update replicas set state = 'starting', generation = ?, pid = ?, process_start = ?, token = ?,"
                                + " restarts = restarts + ?, next_start_at = null, started_at = ?, ready_at = null where id = ?")
                .params(
                        generation,
                        pid,
                        UtcTimestamps.column(processStart),
                        token,
                        restarted ? 1 : 0,
                        UtcTimestamps.column(at),
                        id)
                .update();
        changes.changed();
    }

    public void ready(String id, Instant at) {
        jdbc.sql("update replicas set state = 'ready', ready_at = ? where id = ?")
                .params(UtcTimestamps.column(at), id)
                .update();
        changes.changed();
    }

    /** The process is gone (crashed, or failed its checks); a new one may start at {@code nextStartAt}. */
    public void failed(String id, Integer exitCode, Instant nextStartAt) {
        jdbc.sql("update replicas set state = 'failed', pid = null, process_start = null, port = null,"
                        + " last_exit_code = ?, next_start_at = ?, ready_at = null where id = ?")
                .params(exitCode, UtcTimestamps.column(nextStartAt), id)
                .update();
        changes.changed();
    }

    public void stopping(String id) {
        jdbc.sql("update replicas set state = 'stopping' where id = ?")
                .param(id)
                .update();
        changes.changed();
    }

    /** The process is gone on purpose; the slot keeps its log and restart count. */
    public void stopped(String id, Integer exitCode) {
        jdbc.sql("update replicas set state = 'stopped', pid = null, process_start = null, port = null,"
                        + " last_exit_code = coalesce(?, last_exit_code), next_start_at = null, ready_at = null"
                        + " where id = ?")
                .params(exitCode, id)
                .update();
        changes.changed();
    }

    public void delete(String id) {
        jdbc.sql("delete from replicas where id = ?").param(id).update();
        changes.changed();
    }

    private Replica map(ResultSet rs, int rowNum) throws SQLException {
        return new Replica(
                rs.getString("id"),
                rs.getString("endpoint_id"),
                rs.getInt("ordinal"),
                rs.getInt("generation"),
                ReplicaState.of(rs.getString("state")),
                rs.getString("host"),
                (Integer) rs.getObject("port", Integer.class),
                (Long) rs.getObject("pid", Long.class),
                UtcTimestamps.read(rs, "process_start"),
                rs.getString("token"),
                rs.getString("log_file"),
                rs.getInt("restarts"),
                (Integer) rs.getObject("last_exit_code", Integer.class),
                UtcTimestamps.read(rs, "next_start_at"),
                UtcTimestamps.read(rs, "started_at"),
                UtcTimestamps.read(rs, "ready_at"));
    }
}
