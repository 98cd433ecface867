package dev.hangar.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.support.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded database keeps checking its rows after the connection that ran the migrations is gone.
 * The pool retires each connection within its lifetime (HikariCP: 22.5 to 30 minutes), the migrating one
 * too, while the others keep the database open; H2 2.4.240 then failed every insert into a table with an
 * {@code IN (...)} check ("Check constraint invalid ... The database has been closed") until a restart.
 */
class MigratedConstraintsTest {

    @TempDir
    Path home;

    @Test
    void rowsAreStillCheckedAfterTheConnectionThatRanTheMigrationsIsClosed() throws SQLException {
        HangarProperties properties = Settings.hangar(Map.of("hangar.home", home.toString()));
        DatabaseTarget target = DatabaseTarget.resolve(properties.database(), new HangarHome(properties));
        try (HikariDataSource pool = new DatabaseConfiguration().dataSource(target);
                Connection keepsTheDatabaseOpen = pool.getConnection()) {
            // The migrations run over a connection of their own and close it when done: what the pool does to
            // the connection that ran them once its lifetime ends, while its other connections keep the
            // database open.
            Flyway.configure()
                    .dataSource(target.jdbcUrl(), target.user(), target.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            JdbcClient jdbc = JdbcClient.create(pool);

            insertUser(jdbc, "u1", "alice", "user");

            assertThat(jdbc.sql("select role from users where id = 'u1'")
                            .query(String.class)
                            .single())
                    .isEqualTo("user");
            assertThatThrownBy(() -> insertUser(jdbc, "u2", "mallory", "root"))
                    .hasMessageContaining("users_role_check")
                    .hasMessageNotContaining("closed");
            assertThat(keepsTheDatabaseOpen.isValid(1)).isTrue();
        }
    }

    private static void insertUser(JdbcClient jdbc, String id, String name, String role) {
        jdbc.sql("insert into users (id, username, password_hash, role, created_at) values (?, ?, 'x', ?, ?)")
                .params(id, name, role, OffsetDateTime.now())
                .update();
    }
}
