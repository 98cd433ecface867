package dev.hangar.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.EmbeddedPostgresServer;
import dev.hangar.server.support.RunningServer;
import dev.hangar.server.support.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server on PostgreSQL, as HANGAR_DATABASE_URL selects it: migrations, readiness, keys across a restart. */
class PostgresServerIT {

    @TempDir
    Path home;

    @TempDir
    Path sources;

    @Test
    void serverRunsOnPostgresAndKeepsKeysAcrossRestart() {
        Map<String, Object> settings = Map.of(
                "hangar.registry.model-roots",
                sources.toString(),
                "hangar.database.url",
                EmbeddedPostgresServer.freshDatabase("server"),
                "hangar.database.user",
                "postgres",
                "hangar.database.password",
                "postgres");
        String key;
        try (RunningServer first = RunningServer.start(home, settings)) {
            var ready = first.client(null).get("/ready");
            assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
            var system = first.admin().get("/api/v1/system").json();
            assertThat(system.at("/database/kind").asString()).isEqualTo("postgresql");
            assertThat(system.at("/database/url").asString()).doesNotContain("postgres@");
            key = first.admin()
                    .postJson("/api/v1/api-keys", "{\"name\":\"pg\",\"limits\":{\"requestsPerMinute\":100}}")
                    .json()
                    .get("key")
                    .asString();
            Path model = TestModels.gguf(sources.resolve("pg.gguf"));
            String id = first.admin()
                    .postJson(
                            "/api/v1/models",
                            "{\"name\":\"pg-model\",\"source\":{\"type\":\"local\",\"path\":\"" + model + "\"}}")
                    .json()
                    .get("id")
                    .asString();
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> first.admin()
                                    .get("/api/v1/models/" + id)
                                    .json()
                                    .get("status")
                                    .asString(),
                            "ready"::equals);
            var listed = first.admin()
                    .get("/api/v1/models?q=PG-mod&format=gguf&sort=parameters")
                    .json();
            assertThat(listed.get("total").asLong()).isEqualTo(1);
            assertThat(first.admin()
                            .get("/api/v1/models/" + id + "/events")
                            .json()
                            .size())
                    .isEqualTo(3);
            assertThat(first.admin()
                            .get("/api/v1/clusters/local/resources?operation=deploy")
                            .json()
                            .size())
                    .isPositive();
            ApiClient admin = first.admin();
            var endpoint = admin.postJson(
                    "/api/v1/endpoints",
                    "{\"name\":\"pg-endpoint\",\"model\":\"" + id + "\",\"runtime\":\"llama-server\"}");
            assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
            Deployments.awaitState(admin, "pg-endpoint", Duration.ofSeconds(30), "BuildingFailed");
            assertThat(admin.postJson("/api/v1/endpoints/pg-endpoint/stop", "").status())
                    .isEqualTo(202);
            Deployments.awaitState(admin, "pg-endpoint", Duration.ofSeconds(30), "Stopped");
            assertThat(admin.get("/api/v1/endpoints?state=Stopped&runtime=llama-server&q=PG-end")
                            .json()
                            .get("total")
                            .asLong())
                    .isEqualTo(1);
            assertThat(admin.get("/api/v1/endpoints/pg-endpoint/events?limit=2")
                            .json()
                            .size())
                    .isEqualTo(2);
            var refused = first.client(key)
                    .postJson(
                            "/v1/chat/completions",
                            "{\"model\":\"pg-endpoint\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.raw().headers().firstValue("x-ratelimit-remaining-requests"))
                    .contains("99");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.get("/api/v1/usage?groupBy=key")
                                    .json()
                                    .at("/totals/requests")
                                    .asLong())
                            .isEqualTo(1));
            var metrics = admin.get("/api/v1/endpoints/pg-endpoint/metrics").json();
            assertThat(metrics.at("/totals/requests").asLong())
                    .as(metrics.toString())
                    .isEqualTo(1);
            assertThat(metrics.at("/totals/errors").asLong()).isEqualTo(1);
            assertThat(admin.delete("/api/v1/models/" + id).status()).isEqualTo(409);
            assertThat(admin.delete("/api/v1/endpoints/pg-endpoint").status()).isEqualTo(204);
        }
        try (RunningServer second = RunningServer.start(home, settings)) {
            assertThat(second.client(key).get("/api/v1/auth/me").status()).isEqualTo(200);
            assertThat(second.admin()
                            .get("/api/v1/usage")
                            .json()
                            .at("/totals/requests")
                            .asLong())
                    .as("the request log outlives the server")
                    .isEqualTo(1);
            assertThat(second.admin()
                            .get("/api/v1/api-keys")
                            .json()
                            .get("total")
                            .asLong())
                    .isEqualTo(2);
        }
    }
}
