package dev.hangar.server.telemetry;

import dev.hangar.server.core.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code endpoint_minutes} table: one merged rollup per endpoint and minute. */
@Repository
class RollupRepository {

    private final JdbcClient jdbc;

    RollupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds {@code delta} to the endpoint's minute, creating the row when it is the minute's first. */
    @Transactional
    public void add(String endpointId, Instant minute, MinuteRollup delta) {
        Optional<MinuteRollup> stored = find(endpointId, minute);
        MinuteRollup total = stored.orElseGet(MinuteRollup::new);
        total.merge(delta);
        Object[] values = {
            total.requests,
            total.errors,
            total.promptTokens,
            total.completionTokens,
            total.latencyMsSum,
            total.cost,
            total.inFlightMax,
            total.queueMax,
            total.replicas,
            MinuteRollup.encode(total.latency),
            MinuteRollup.encode(total.ttft),
            endpointId,
            UtcTimestamps.column(minute)
        };
        jdbc.sql(
                        stored.isPresent()
                                ? "update endpoint_minutes set requests = ?, errors = ?, prompt_tokens = ?,"
                                        + " completion_tokens = ?, latency_ms_sum = ?, cost = ?, in_flight_max = ?, queue_max = ?,"
                                        + " replicas = ?,"
                                        + " latency_histogram = ?, ttft_histogram = ? where endpoint_id = ? and starts_at = ?"
                                : "insert into endpoint_minutes (requests, errors, prompt_tokens, completion_tokens,"
                                        + " latency_ms_sum, cost, in_flight_max, queue_max, replicas, latency_histogram,"
                                        + " ttft_histogram, endpoint_id, starts_at)"
                                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values)
                .update();
    }

    private Optional<MinuteRollup> find(String endpointId, Instant minute) {
        return jdbc.sql("select * from endpoint_minutes where endpoint_id = ? and starts_at = ? for update")
                .params(endpointId, UtcTimestamps.column(minute))
                .query((rs, row) -> map(rs))
                .optional();
    }

    /** Deletes the minutes before {@code before}; answers how many. */
    int deleteBefore(Instant before) {
        return jdbc.sql("delete from endpoint_minutes where starts_at < ?")
                .param(UtcTimestamps.column(before))
                .update();
    }

    /** The endpoint's minutes in [{@code from}, {@code to}), by minute. */
    NavigableMap<Instant, MinuteRollup> range(String endpointId, Instant from, Instant to) {
        NavigableMap<Instant, MinuteRollup> minutes = new TreeMap<>();
        jdbc.sql("select * from endpoint_minutes where endpoint_id = ? and starts_at >= ? and starts_at < ?")
                .params(endpointId, UtcTimestamps.column(from), UtcTimestamps.column(to))
                .query(rs -> {
                    minutes.put(UtcTimestamps.read(rs, "starts_at"), map(rs));
                });
        return minutes;
    }

    private static MinuteRollup map(ResultSet rs) throws SQLException {
        return MinuteRollup.stored(
                rs.getLong("requests"),
                rs.getLong("errors"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getDouble("latency_ms_sum"),
                rs.getDouble("cost"),
                rs.getInt("in_flight_max"),
                rs.getInt("queue_max"),
                rs.getInt("replicas"),
                rs.getBytes("latency_histogram"),
                rs.getBytes("ttft_histogram"));
    }
}
