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

    private static final String COLUMNS = "id, username, role, created_at, disabled";

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(User user, String passwordHash) {
        jdbc.sql("insert into users (id, username, password_hash, role, created_at) values (?, ?, ?, ?, ?)")
                .params(user.id(), user.username(), passwordHash, user.role().toString(), column(user.createdAt()))
                .update();
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
                rs.getBoolean("disabled"));
    }
}
