package dev.hangar.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.StartupProblem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTargetTest {

    @TempDir
    Path home;

    private DatabaseTarget resolve(String url, String user, String password) {
        var properties = new HangarProperties(
                home,
                new HangarProperties.Database(url, user, password),
                new HangarProperties.Admin(null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return DatabaseTarget.resolve(properties.database(), new HangarHome(properties));
    }

    @Test
    void noUrlMeansTheEmbeddedH2FileInPostgresModeUnderHome() {
        DatabaseTarget target = resolve(null, null, null);

        assertThat(target.kind()).isEqualTo(DatabaseTarget.DatabaseKind.H2);
        assertThat(target.jdbcUrl())
                .startsWith("jdbc:h2:file:" + home.resolve("db"))
                .contains("MODE=PostgreSQL");
    }

    @Test
    void jdbcPostgresUrlIsUsedAsGivenWithSeparateCredentials() {
        DatabaseTarget target = resolve("jdbc:postgresql://db:5432/hangar", "hangar", "secret");

        assertThat(target.kind()).isEqualTo(DatabaseTarget.DatabaseKind.POSTGRESQL);
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/hangar");
        assertThat(target.user()).isEqualTo("hangar");
        assertThat(target.password()).isEqualTo("secret");
    }

    @Test
    void postgresUriCarriesItsCredentialsAndIsNeverShownWithThePassword() {
        DatabaseTarget target = resolve("postgres://app:p%40ss@db.internal:6543/hangar?sslmode=require", "", "");

        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/hangar?sslmode=require");
        assertThat(target.user()).isEqualTo("app");
        assertThat(target.password()).isEqualTo("p@ss");
        assertThat(target.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
    }

    @Test
    void passwordInAJdbcUrlIsRedactedForDisplay() {
        assertThat(resolve("jdbc:postgresql://db/hangar?user=a&password=hunter2", "", "")
                        .displayUrl())
                .doesNotContain("hunter2")
                .contains("password=***");
    }

    @Test
    void otherDatabasesAreRefusedWithTheSupportedForms() {
        assertThatThrownBy(() -> resolve("jdbc:mysql://db/hangar", "", ""))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("must be a PostgreSQL URL")
                .satisfies(e -> assertThat(((StartupProblem) e).action()).contains("jdbc:postgresql://"));
    }
}
