package dev.hangar.server.auth;

import static dev.hangar.server.core.UtcTimestamps.column;
import static dev.hangar.server.core.UtcTimestamps.read;

import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} table. */
@Repository
public class UserRepository {

    /** The limit columns, for queries that read a user with {@link #map}. */
    static final String LIMIT_COLUMNS = "limit_requests_per_minute, limit_tokens_per_minute, limit_monthly_tokens,"
            + " limit_keys, limit_endpoints, limit_replicas, limit_storage_bytes";

    private static final String COLUMNS = "id, username, role, created_at, " + LIMIT_COLUMNS + ", disabled";

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(User user, String passwordHash) {
        jdbc.sql("insert into users (id, username, password_hash, role, created_at, " + LIMIT_COLUMNS
                        + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(user.id(), user.username(), passwordHash, user.role().toString(), column(user.createdAt()))
                .params(limitValues(user.limits()))
                .update();
    }

    public boolean updateLimits(String id, UserLimits limits) {
        return jdbc.sql("update users set limit_requests_per_minute = ?, limit_tokens_per_minute = ?,"
                                + " limit_monthly_tokens = ?, limit_keys = ?, limit_endpoints = ?, limit_replicas = ?,"
                                + " limit_storage_bytes = ? where id = ?")
                        .params(limitValues(limits))
                        .param(id)
                        .update()
                == 1;
    }

    /**
     * Locks the user's row until the transaction ends, so that checks of a count against the user's
     * limits (keys, endpoints) and the insert they allow happen one at a time per user.
     */
    public void lock(String id) {
        jdbc.sql("select id from users where id = ? for update")
                .param(id)
                .query(String.class)
                .optional();
    }

    public Optional<User> findById(String id) {
        return jdbc.sql("select " + COLUMNS + " from users where id = ?")
                .param(id)
                .query(UserRepository::map)
                .optional();
    }

    public Optional<User> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from users where username = ?")
                .param(username)
                .query(UserRepository::map)
                .optional();
    }

    /** The user of a session that began in {@code sessionEpoch}, while that epoch lasts and the user is enabled. */
    public Optional<User> findForSession(String id, int sessionEpoch) {
        return jdbc.sql("select " + COLUMNS + " from users where id = ? and session_epoch = ? and not disabled")
                .params(id, sessionEpoch)
                .query(UserRepository::map)
                .optional();
    }

    public Optional<Integer> sessionEpoch(String userId) {
        return jdbc.sql("select session_epoch from users where id = ?")
                .param(userId)
                .query(Integer.class)
                .optional();
    }

    /** Disables or enables a user; disabling also ends their sessions. */
    public boolean setDisabled(String userId, boolean disabled) {
        return jdbc.sql("update users set disabled = ?, session_epoch = session_epoch + ? where id = ?")
                        .params(disabled, disabled ? 1 : 0, userId)
                        .update()
                == 1;
    }

    public boolean setRole(String userId, Role role) {
        return jdbc.sql("update users set role = ? where id = ?")
                        .params(role.toString(), userId)
                        .update()
                == 1;
    }

    /**
     * Locks every enabled admin's row until the transaction ends and answers how many enabled admins
     * there are besides {@code userId}: two admins who take each other's role at once are served one
     * after the other, so the second sees the first's change and the last admin stays.
     */
    public long lockOtherAdmins(String userId) {
        jdbc.sql("select id from users where role = ? and not disabled order by id for update")
                .param(Role.ADMIN.toString())
                .query(String.class)
                .list();
        return jdbc.sql("select count(*) from users where role = ? and not disabled and id <> ?")
                .params(Role.ADMIN.toString(), userId)
                .query(Long.class)
                .single();
    }

    public Optional<String> passwordHash(String userId) {
        return jdbc.sql("select password_hash from users where id = ?")
                .param(userId)
                .query(String.class)
                .optional();
    }

    public void updatePasswordHash(String userId, String passwordHash) {
        jdbc.sql("update users set password_hash = ? where id = ?")
                .params(passwordHash, userId)
                .update();
    }

    /** Sets a new password and ends every session begun before (a new session epoch). */
    public void changePasswordHash(String userId, String passwordHash) {
        jdbc.sql("update users set password_hash = ?, session_epoch = session_epoch + 1 where id = ?")
                .params(passwordHash, userId)
                .update();
    }

    public Page<User> list(PageRequest page) {
        var items = jdbc.sql("select " + COLUMNS + " from users order by username limit ? offset ?")
                .params(page.size(), page.offset())
                .query(UserRepository::map)
                .list();
        long total = jdbc.sql("select count(*) from users").query(Long.class).single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    public boolean delete(String id) {
        return jdbc.sql("delete from users where id = ?").param(id).update() > 0;
    }

    static User map(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("username"),
                Role.of(rs.getString("role")),
                read(rs, "created_at"),
                new UserLimits(
                        rs.getObject("limit_requests_per_minute", Integer.class),
                        rs.getObject("limit_tokens_per_minute", Long.class),
                        rs.getObject("limit_monthly_tokens", Long.class),
                        rs.getObject("limit_keys", Integer.class),
                        rs.getObject("limit_endpoints", Integer.class),
                        rs.getObject("limit_replicas", Integer.class),
                        rs.getObject("limit_storage_bytes", Long.class)),
                rs.getBoolean("disabled"));
    }

    private static Object[] limitValues(UserLimits limits) {
        return new Object[] {
            limits.requestsPerMinute(),
            limits.tokensPerMinute(),
            limits.monthlyTokens(),
            limits.maxKeys(),
            limits.maxEndpoints(),
            limits.maxReplicas(),
            limits.storageBytes()
        };
    }
}
