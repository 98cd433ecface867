package dev.hangar.server.auth;

import static dev.hangar.server.core.UtcTimestamps.column;
import static dev.hangar.server.core.UtcTimestamps.read;

import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_keys} table. Keys are stored as keyed hashes only; see {@link ApiKeyHasher}. */
@Repository
public class ApiKeyRepository {

    private static final String SELECT =
            "select k.id, k.name, k.prefix, u.username as owner, k.created_at, k.expires_at,"
                    + " k.last_used_at, k.requests_per_minute, k.tokens_per_minute, k.monthly_tokens"
                    + " from api_keys k join users u on u.id = k.user_id ";

    /** What authentication needs about the key a request presented. */
    public record KeyOwner(String keyId, Instant expiresAt, Instant lastUsedAt, User user, KeyLimits limits) {}

    private final JdbcClient jdbc;

    public ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(
            String id,
            String userId,
            String name,
            String prefix,
            String hash,
            Instant createdAt,
            Instant expiresAt,
            KeyLimits limits) {
        jdbc.sql(
                        "insert into api_keys (id, user_id, name, prefix, key_hash, created_at, expires_at,"
                                + " requests_per_minute, tokens_per_minute, monthly_tokens) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        userId,
                        name,
                        prefix,
                        hash,
                        column(createdAt),
                        column(expiresAt),
                        limits.requestsPerMinute(),
                        limits.tokensPerMinute(),
                        limits.monthlyTokens())
                .update();
    }

    public boolean setLimits(String id, KeyLimits limits) {
        return jdbc.sql("update api_keys set requests_per_minute = ?, tokens_per_minute = ?, monthly_tokens = ?"
                                + " where id = ?")
                        .params(limits.requestsPerMinute(), limits.tokensPerMinute(), limits.monthlyTokens(), id)
                        .update()
                == 1;
    }

    /** The key with this hash and its owner; a disabled user's keys are not found. */
    public Optional<KeyOwner> findByHash(String hash) {
        return jdbc.sql("select k.id as key_id, k.expires_at, k.last_used_at, k.requests_per_minute,"
                        + " k.tokens_per_minute, k.monthly_tokens, u.id, u.username, u.role, u.created_at, "
                        + UserRepository.LIMIT_COLUMNS + ", u.disabled from api_keys k join users u on u.id = k.user_id"
                        + " where k.key_hash = ? and not u.disabled")
                .param(hash)
                .query((rs, row) -> new KeyOwner(
                        rs.getString("key_id"),
                        read(rs, "expires_at"),
                        read(rs, "last_used_at"),
                        UserRepository.map(rs, row),
                        limits(rs)))
                .optional();
    }

    public Optional<ApiKey> findById(String id) {
        return jdbc.sql(SELECT + "where k.id = ?")
                .param(id)
                .query(ApiKeyRepository::map)
                .optional();
    }

    public Optional<String> ownerId(String keyId) {
        return jdbc.sql("select user_id from api_keys where id = ?")
                .param(keyId)
                .query(String.class)
                .optional();
    }

    public Optional<ApiKey> findByName(String userId, String name) {
        return jdbc.sql(SELECT + "where k.user_id = ? and k.name = ?")
                .params(userId, name)
                .query(ApiKeyRepository::map)
                .optional();
    }

    public long countOf(String userId) {
        return jdbc.sql("select count(*) from api_keys where user_id = ?")
                .param(userId)
                .query(Long.class)
                .single();
    }

    public boolean existsByHash(String hash) {
        return jdbc.sql("select count(*) from api_keys where key_hash = ?")
                        .param(hash)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Keys of one user, or of everyone when {@code userId} is empty; newest first. */
    public Page<ApiKey> list(Optional<String> userId, PageRequest page) {
        String where = userId.isPresent() ? "where k.user_id = :user " : "";
        var items = jdbc.sql(SELECT + where + "order by k.created_at desc, k.id desc limit :limit offset :offset")
                .param("user", userId.orElse(""))
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(ApiKeyRepository::map)
                .list();
        long total = jdbc.sql("select count(*) from api_keys k " + where)
                .param("user", userId.orElse(""))
                .query(Long.class)
                .single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    public boolean delete(String id) {
        return jdbc.sql("delete from api_keys where id = ?").param(id).update() > 0;
    }

    public void touch(String id, Instant usedAt) {
        jdbc.sql("update api_keys set last_used_at = ? where id = ?")
                .params(column(usedAt), id)
                .update();
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("prefix"),
                rs.getString("owner"),
                read(rs, "created_at"),
                read(rs, "expires_at"),
                read(rs, "last_used_at"),
                Optional.of(limits(rs)).filter(l -> !l.isNone()).orElse(null));
    }

    private static KeyLimits limits(ResultSet rs) throws SQLException {
        return new KeyLimits(
                rs.getObject("requests_per_minute", Integer.class),
                rs.getObject("tokens_per_minute", Long.class),
                rs.getObject("monthly_tokens", Long.class));
    }
}
