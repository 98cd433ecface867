package dev.hangar.server.endpoint;

import com.zaxxer.hikari.HikariDataSource;
import dev.hangar.server.support.EmbeddedPostgresServer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The state writes on a real PostgreSQL. */
class PostgresStateWritesIT extends StateWritesContract {

    private static HikariDataSource dataSource;

    @Override
    DataSource dataSource() {
        if (dataSource == null) {
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(EmbeddedPostgresServer.freshDatabase("state_writes"));
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
