package dev.hangar.server.telemetry;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh in-memory H2 database in Hangar's PostgreSQL mode, migrated by Hangar's own migrations. */
final class UsageDatabase implements AutoCloseable {

    private final HikariDataSource dataSource = new HikariDataSource();

    UsageDatabase() {
        dataSource.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUsername("sa");
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    long requests() {
        return jdbc().sql("select coalesce(sum(requests), 0) from usage_minutes")
                .query(Long.class)
                .single();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
