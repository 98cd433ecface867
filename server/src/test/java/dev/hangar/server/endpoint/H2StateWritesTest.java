package dev.hangar.server.endpoint;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/** The state writes on the embedded H2 file database, opened with the same URL flags Hangar uses. */
class H2StateWritesTest extends StateWritesContract {

    @TempDir
    static Path dir;

    private static HikariDataSource dataSource;

    @Override
    DataSource dataSource() {
        if (dataSource == null) {
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl("jdbc:h2:file:" + dir.resolve("hangar")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            dataSource.setUsername("sa");
        }
        return dataSource;
    }

    @AfterAll
    static void close() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
    }
}
