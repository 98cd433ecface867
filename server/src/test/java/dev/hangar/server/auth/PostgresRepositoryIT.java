package dev.hangar.server.auth;

import com.zaxxer.hikari.HikariDataSource;
import dev.hangar.server.support.EmbeddedPostgresServer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The repositories on a real PostgreSQL. */
class PostgresRepositoryIT extends RepositoryContract {

    private static HikariDataSource dataSource;

    @Override
    DataSource dataSource() {
        if (dataSource == null) {
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(EmbeddedPostgresServer.freshDatabase("repositories"));
            dataSource.setUsername("postgres");
            dataSource.setPassword("postgres");
        }
        return dataSource;
    }

    @AfterAll
    static void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
