package dev.hangar.server.telemetry;

import dev.hangar.server.core.UtcTimestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code usage_minutes} table: what each user, key and endpoint used, minute by minute, for billing and quotas. */
@Repository
class UsageRepository {

    private final JdbcClient jdbc;

    UsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies the flush in one transaction: records it and adds its counts to their minutes, all
     * or nothing. A flush applied before (its answer lost, then tried again) changes nothing;
     * answers whether this call applied it.
     */
    @Transactional
    public boolean apply(UsageFlush flush, Instant now) {
        boolean applied = jdbc.sql("select count(*) from usage_flushes where last_seq = ?")
                        .param(flush.lastSeq())
                        .query(Long.class)
                        .single()
                > 0;
        if (applied) {
            return false;
        }
        jdbc.sql("insert into usage_flushes (last_seq, first_seq, requests, applied_at) values (?, ?, ?, ?)")
                .params(flush.lastSeq(), flush.firstSeq(), flush.requests(), UtcTimestamps.column(now))
                .update();
        add(flush.minutes());
        return true;
    }

    /** The number of the last request whose usage the database holds; empty before the first flush. */
    OptionalLong lastAppliedSeq() {
        Long last = jdbc.sql("select max(last_seq) from usage_flushes")
                .query(Long.class)
                .optional()
                .orElse(null);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /** Deletes the records of flushes applied before {@code before}, always keeping the last one (where replay starts). */
    int deleteFlushesBefore(Instant before) {
        return jdbc.sql("delete from usage_flushes where applied_at < ?"
                        + " and last_seq < (select max(last_seq) from usage_flushes)")
                .param(UtcTimestamps.column(before))
                .update();
    }

    /** Adds the counts to their minutes (within the caller's transaction). */
    void add(Map<UsageMinute, UsageMinute.Counts> minutes) {
        minutes.forEach((minute, counts) -> {
            int updated = jdbc.sql("update usage_minutes set requests = requests + ?, errors = errors + ?,"
                            + " prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?,"
                            + " cost = cost + ?"
                            + " where starts_at = ? and user_id = ? and api_key_id = ? and endpoint_id = ?"
                            + " and adapter = ?")
                    .params(
                            counts.requests,
                            counts.errors,
                            counts.promptTokens,
                            counts.completionTokens,
                            counts.cost,
                            UtcTimestamps.column(minute.startsAt()),
                            minute.userId(),
                            minute.apiKeyId(),
                            minute.endpointId(),
                            minute.adapter())
                    .update();
            if (updated == 0) {
                jdbc.sql("insert into usage_minutes (starts_at, user_id, api_key_id, endpoint_id, endpoint_name,"
                                + " adapter, requests, errors, prompt_tokens, completion_tokens, cost)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(
                                UtcTimestamps.column(minute.startsAt()),
                                minute.userId(),
                                minute.apiKeyId(),
                                minute.endpointId(),
                                minute.endpointName(),
                                minute.adapter(),
                                counts.requests,
                                counts.errors,
                                counts.promptTokens,
                                counts.completionTokens,
                                counts.cost)
                        .update();
            }
        });
    }

    /** Deletes the minutes before {@code before}; answers how many. */
    int deleteBefore(Instant before) {
        return jdbc.sql("delete from usage_minutes where starts_at < ?")
                .param(UtcTimestamps.column(before))
                .update();
    }

    /** Whose tokens a quota counts: one API key's, or one user's over all their keys and sessions. */
    enum Spender {
        KEY("api_key_id"),
        USER("user_id");

        private final String column;

        Spender(String column) {
            this.column = column;
        }

        /** The minute's key or user; empty for the key of a browser session's minute. */
        String of(UsageMinute minute) {
            return this == KEY ? minute.apiKeyId() : minute.userId();
        }
    }

    /** Tokens each key, or each user, used in the minutes from {@code from} on. */
    Map<String, Long> tokensSince(Spender spender, Instant from) {
        Map<String, Long> byId = new HashMap<>();
        jdbc.sql("select " + spender.column + " as id, sum(prompt_tokens + completion_tokens) as tokens"
                        + " from usage_minutes where " + spender.column + " <> '' and starts_at >= ? group by "
                        + spender.column)
                .param(UtcTimestamps.column(from))
                .query(rs -> {
                    byId.put(rs.getString("id"), rs.getLong("tokens"));
                });
        return byId;
    }

    /** Requests, tokens and cost of the minutes in [{@code from}, {@code to}), grouped as asked, for one user or everyone. */
    List<UsageRow> usage(Instant from, Instant to, UsageGrouping grouping, Optional<String> userId) {
        String where = " where g.starts_at >= :from and g.starts_at < :to"
                + (userId.isPresent() ? " and g.user_id = :user" : "");
        String columns = grouping.columns();
        return jdbc.sql("select " + columns + ", sum(g.requests) as requests, sum(g.prompt_tokens) as prompt_tokens,"
                        + " sum(g.completion_tokens) as completion_tokens, sum(g.cost) as cost"
                        + " from usage_minutes g left join users u on u.id = g.user_id"
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
