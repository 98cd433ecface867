package dev.hangar.server.auth;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The repositories on the embedded H2 file database, opened with the same URL flags Hangar uses. */
class H2RepositoryTest extends RepositoryContract {

    @TempDir
    static Path dir;

    private HikariDataSource dataSource;

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

    @AfterEach
    void close() {
        dataSource.close();
    }
}
