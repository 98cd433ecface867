package dev.hangar.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.EmbeddedPostgresServer;
import dev.hangar.server.support.RunningServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server on PostgreSQL, as HANGAR_DATABASE_URL selects it: migrations, readiness, keys across a restart. */
class PostgresServerIT {

    @TempDir
    Path home;

    @Test
    void serverRunsOnPostgresAndKeepsKeysAcrossRestart() {
        Map<String, Object> settings = Map.of(
                "hangar.database.url", EmbeddedPostgresServer.freshDatabase("server"),
                "hangar.database.user", "postgres",
                "hangar.database.password", "postgres");
        String key;
        try (RunningServer first = RunningServer.start(home, settings)) {
            var ready = first.client(null).get("/ready");
            assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
            var system = first.admin().get("/api/v1/system").json();
            assertThat(system.at("/database/kind").asString()).isEqualTo("postgresql");
            assertThat(system.at("/database/url").asString()).doesNotContain("postgres@");
            key = first.admin()
                    .postJson("/api/v1/api-keys", "{\"name\":\"pg\"}")
                    .json()
                    .get("key")
                    .asString();
        }
        try (RunningServer second = RunningServer.start(home, settings)) {
            assertThat(second.client(key).get("/api/v1/auth/me").status()).isEqualTo(200);
            assertThat(second.admin()
                            .get("/api/v1/api-keys")
                            .json()
                            .get("total")
                            .asLong())
                    .isEqualTo(2);
        }
    }
}
