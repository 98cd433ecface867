package dev.hangar.server.telemetry;

import dev.hangar.server.core.UtcTimestamps;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code gateway_requests} table: the request log that usage and billing are read from. */
@Repository
class RequestRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    RequestRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Writes a batch in one round trip and one commit. */
    @Transactional
    public void insert(List<GatewayRequest> requests) {
        template.batchUpdate(
                "insert into gateway_requests (at, api_key_id, user_id, endpoint_id, endpoint_name, replica_id, kind,"
                        + " status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, tokens_estimated, cost)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                requests,
                500,
                (statement, r) -> {
                    statement.setObject(1, UtcTimestamps.column(r.at()));
                    statement.setString(2, r.apiKeyId());
                    statement.setString(3, r.userId());
                    statement.setString(4, r.endpointId());
                    statement.setString(5, r.endpointName());
                    statement.setString(6, r.replicaId());
                    statement.setString(7, r.kind());
                    statement.setInt(8, r.status());
                    statement.setDouble(9, r.latencyMs());
                    if (r.ttftMs() == null) {
                        statement.setNull(10, Types.DOUBLE);
                    } else {
                        statement.setDouble(10, r.ttftMs());
                    }
                    statement.setLong(11, r.promptTokens());
                    statement.setLong(12, r.completionTokens());
                    statement.setBoolean(13, r.tokensEstimated());
                    statement.setDouble(14, r.cost());
                });
    }

    /** Deletes the requests before {@code before}; answers how many. */
    int deleteBefore(Instant before) {
        return jdbc.sql("delete from gateway_requests where at < ?")
                .param(UtcTimestamps.column(before))
                .update();
    }

    /** Tokens a key used since {@code from}. */
    long tokensSince(String apiKeyId, Instant from) {
        return jdbc.sql("select coalesce(sum(prompt_tokens + completion_tokens), 0) from gateway_requests"
                        + " where api_key_id = ? and at >= ?")
                .params(apiKeyId, UtcTimestamps.column(from))
                .query(Long.class)
                .single();
    }

    /** Requests, tokens and cost in [{@code from}, {@code to}) grouped as asked, for one user or everyone. */
    List<UsageRow> usage(Instant from, Instant to, UsageGrouping grouping, Optional<String> userId) {
        String where = " where g.at >= :from and g.at < :to" + (userId.isPresent() ? " and g.user_id = :user" : "");
        String columns = grouping.columns();
        return jdbc.sql("select " + columns + ", count(*) as requests, sum(g.prompt_tokens) as prompt_tokens,"
                        + " sum(g.completion_tokens) as completion_tokens, sum(g.cost) as cost"
                        + " from gateway_requests g left join users u on u.id = g.user_id"
                        + " left join api_keys k on k.id = g.api_key_id"
                        + where + " group by " + columns + " order by " + columns)
                .param("from", UtcTimestamps.column(from))
                .param("to", UtcTimestamps.column(to))
                .param("user", userId.orElse(""))
                .query((rs, row) -> grouping.row(
                        rs,
                        rs.getLong("requests"),
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        rs.getDouble("cost")))
                .list();
    }
}
