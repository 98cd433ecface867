package dev.hangar.server.endpoint;

import dev.hangar.server.core.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Every ready replica, whatever its endpoint: what the gateway can send requests to, at their addresses. */
    public List<Replica> ready() {
        return jdbc.sql("select * from replicas where state = 'ready' order by endpoint_id, ordinal")
                .query(this::map)
                .list();
    }

    Optional<Replica> find(String endpointId, String replicaId) {
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

    /**
     * A process was started for the slot, answering at {@code address}; {@code restarted} counts it
     * as a restart. False when the slot was not stopped or failed (or is gone): it was not
     * recorded, so the process has no slot.
     */
    public boolean started(
            String id,
            int generation,
            String address,
            long pid,
            Instant processStart,
            String token,
            boolean restarted,
            Instant at) {
        Map<String, Object> values = new HashMap<>();
        values.put("generation", generation);
        values.put("address", address);
        values.put("pid", pid);
        values.put("processStart", UtcTimestamps.column(processStart));
        values.put("token", token);
        values.put("restarts", restarted ? 1 : 0);
        values.put("at", UtcTimestamps.column(at));
        return moved(
                id,
                ReplicaState.STARTING,
                "generation = :generation, address = :address, pid = :pid, process_start = :processStart,"
                        + " token = :token, restarts = restarts + :restarts, next_start_at = null, started_at = :at,"
                        + " ready_at = null",
                values);
    }

    /**
     * A remote replica (a router endpoint's provider: no process here) was started for the slot,
     * answering at {@code address}. False, as for a process, when the slot was not stopped or failed.
     */
    public boolean startedRemotely(String id, int generation, String address, Instant at) {
        Map<String, Object> values = new HashMap<>();
        values.put("generation", generation);
        values.put("address", address);
        values.put("at", UtcTimestamps.column(at));
        return moved(
                id,
                ReplicaState.STARTING,
                "generation = :generation, address = :address, pid = null, process_start = null,"
                        + " next_start_at = null, started_at = :at, ready_at = null",
                values);
    }

    /** The slot passed its checks; false when it was meanwhile stopped, stopping or failed (or is gone). */
    public boolean ready(String id, Instant at) {
        return moved(id, ReplicaState.READY, "ready_at = :at", Map.of("at", UtcTimestamps.column(at)));
    }

    /** The process is gone (crashed, or failed its checks); a new one may start at {@code nextStartAt}. */
    public boolean failed(String id, Integer exitCode, Instant nextStartAt) {
        Map<String, Object> values = new HashMap<>();
        values.put("exitCode", exitCode);
        values.put("nextStartAt", UtcTimestamps.column(nextStartAt));
        return moved(
                id,
                ReplicaState.FAILED,
                "address = null, pid = null, process_start = null, port = null, last_exit_code = :exitCode,"
                        + " next_start_at = :nextStartAt, ready_at = null",
                values);
    }

    /** The slot's process is being stopped; false when it had none to stop (not starting or ready). */
    public boolean stopping(String id) {
        return moved(id, ReplicaState.STOPPING, null, Map.of());
    }

    /** The process is gone on purpose; the slot keeps its log and restart count. False when it was stopped already. */
    public boolean stopped(String id, Integer exitCode) {
        Map<String, Object> values = new HashMap<>();
        values.put("exitCode", exitCode);
        return moved(
                id,
                ReplicaState.STOPPED,
                "address = null, pid = null, process_start = null, port = null,"
                        + " last_exit_code = coalesce(:exitCode, last_exit_code),"
                        + " next_start_at = null, ready_at = null",
                values);
    }

    /**
     * Writes {@code target} and the other columns only while the slot is in a state that may move
     * to it ({@link ReplicaState#next}); whether it did.
     */
    private boolean moved(String id, ReplicaState target, String columns, Map<String, ?> values) {
        boolean written = jdbc.sql("update replicas set state = :target" + (columns == null ? "" : ", " + columns)
                                + " where id = :id and state in (:sources)")
                        .params(values)
                        .param("target", target.toString())
                        .param("id", id)
                        .param("sources", Transitions.stored(ReplicaState.sourcesOf(target)))
                        .update()
                == 1;
        if (written) {
            changes.changed();
        }
        return written;
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
                rs.getString("address"),
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
