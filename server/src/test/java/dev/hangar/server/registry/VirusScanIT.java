package dev.hangar.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.RunningServer;
import dev.hangar.server.support.StandInClamscan;
import dev.hangar.server.support.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A model import through ClamAV for real (a stand-in {@code clamscan} in HANGAR_RUNTIME_PATH): ready, quarantined, failed. */
class VirusScanIT {

    @TempDir
    Path home;

    @TempDir
    Path bin;

    @TempDir
    Path sources;

    private static JsonNode imported(ApiClient admin, String name, Path file) {
        var created = admin.postJson(
                "/api/v1/models",
                "{\"name\":\"" + name + "\",\"source\":{\"type\":\"local\",\"path\":\"" + file + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> admin.get("/api/v1/models/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        status -> !status.equals("importing") && !status.equals("scanning"));
        return admin.get("/api/v1/models/" + id).json();
    }

    @Test
    void cleanIsReadyInfectedIsQuarantinedAndAScannerErrorFails() throws Exception {
        StandInClamscan.install(bin);
        try (RunningServer server = RunningServer.start(
                home,
                Map.of(
                        "hangar.runtime.search-path", bin.toString(),
                        "hangar.registry.model-roots", sources.toString(),
                        "hangar.replicas.stop-on-exit", "true"))) {
            ApiClient admin = server.admin();

            JsonNode clean = imported(
                    admin, "clean", TestModels.gguf(sources.resolve("clean").resolve("m.gguf")));
            JsonNode infected = imported(
                    admin, "infected", TestModels.gguf(sources.resolve("eicar").resolve("m.gguf")));
            JsonNode broken = imported(
                    admin, "broken", TestModels.gguf(sources.resolve("broken").resolve("m.gguf")));

            assertThat(clean.get("status").asString()).isEqualTo("ready");
            assertThat(clean.get("statusReason").asString()).contains("virus scan clean (clamscan)");
            assertThat(infected.get("status").asString()).isEqualTo("quarantined");
            assertThat(infected.get("statusReason").asString()).contains("Eicar-Test-Signature FOUND");
            assertThat(broken.get("status").asString()).isEqualTo("failed");
            assertThat(broken.get("statusReason").asString()).contains("the virus scan failed (clamscan exit 2)");
        }
    }
}
