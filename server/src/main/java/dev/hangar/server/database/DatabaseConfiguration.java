package dev.hangar.server.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DataSource of the database Hangar's settings name; Flyway migrates it before anything uses it. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    DatabaseTarget databaseTarget(HangarProperties properties, HangarHome home) {
        return DatabaseTarget.resolve(properties.database(), home);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseTarget target) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("hangar-db");
        dataSource.setJdbcUrl(target.jdbcUrl());
        dataSource.setUsername(target.user());
        dataSource.setPassword(target.password());
        dataSource.setMaximumPoolSize(target.kind() == DatabaseTarget.DatabaseKind.H2 ? 8 : 16);
        dataSource.setConnectionTimeout(10_000);
        return dataSource;
    }
}
