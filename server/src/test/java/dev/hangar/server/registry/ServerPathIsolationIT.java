package dev.hangar.server.registry;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.RunningServer;
import dev.hangar.server.support.TestModels;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant with a {@code user} key tries to read the server's files through the registry: with the
 * default roots (the model store only) and one directory an admin granted to users.
 */
class ServerPathIsolationIT {

    @TempDir
    static Path home;

    @TempDir
    static Path granted;

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(
                home,
                Map.of("hangar.registry.user-model-roots", granted.toString(), "hangar.replicas.stop-on-exit", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ApiClient.Response registerModel(ApiClient client, String name, Path path) {
        return client.postJson(
                "/api/v1/models",
                "{\"name\":\"" + name + "\",\"source\":{\"type\":\"local\",\"path\":\"" + path + "\"}}");
    }

    @Test
    void aUserCannotRegisterAServerPath() {
        ApiClient tenant = server.userWithKey(unique("tenant"));

        assertProblem(
                registerModel(tenant, unique("home"), Path.of(System.getProperty("user.home"))), 403, "forbidden");
        assertProblem(registerModel(tenant, unique("etc"), Path.of("/etc")), 403, "forbidden");
    }

    @Test
    void aUserCannotRegisterAnotherTenantsUpload() throws Exception {
        ApiClient owner = server.userWithKey(unique("owner"));
        var created = owner.postJson(
                "/api/v1/models", "{\"name\":\"" + unique("private") + "\",\"source\":{\"type\":\"upload\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        byte[] weights = Files.readAllBytes(TestModels.gguf(granted.resolve(unique("up") + ".gguf")));
        var put = owner.send(owner.request("/api/v1/models/" + id + "/files/model.gguf?offset=0")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(weights)));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        Path stored = home.resolve("models").resolve(id);

        ApiClient thief = server.userWithKey(unique("thief"));
        assertProblem(registerModel(thief, unique("stolen"), stored), 403, "forbidden");
        assertProblem(registerModel(thief, unique("stolen"), stored.resolve("model.gguf")), 403, "forbidden");
        assertProblem(registerModel(server.admin(), unique("stolen"), stored), 403, "forbidden");
    }

    @Test
    void aCsvDatasetDoesNotLeakAServerFile() throws Exception {
        Path secret = Files.createTempFile(Path.of(System.getProperty("user.home")), "hangar-test-secret", ".csv");
        try {
            Files.writeString(secret, "machine github.com login me password hunter2\n");
            ApiClient tenant = server.userWithKey(unique("tenant"));

            var answer = tenant.postJson(
                    "/api/v1/datasets",
                    "{\"name\":\"" + unique("leak") + "\",\"format\":\"csv\",\"source\":{\"type\":\"local\",\"path\":\""
                            + secret + "\"}}");

            assertProblem(answer, 403, "forbidden");
            assertThat(answer.body()).doesNotContain("hunter2");
            Path hidden = Files.writeString(granted.resolve(".git-credentials"), "https://me:hunter2@github.com\n");
            assertProblem(
                    tenant.postJson(
                            "/api/v1/datasets",
                            "{\"name\":\"" + unique("leak") + "\",\"format\":\"csv\",\"source\":{\"type\":\"local\","
                                    + "\"path\":\"" + hidden + "\"}}"),
                    403,
                    "forbidden");
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void anAdminGrantedRootIsRegistrableByUsers() {
        ApiClient tenant = server.userWithKey(unique("tenant"));
        Path file = TestModels.gguf(granted.resolve("shared").resolve(unique("tiny") + ".gguf"));

        var created = registerModel(tenant, unique("granted"), file);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> tenant.get("/api/v1/models/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        "ready"::equals);
    }
}
