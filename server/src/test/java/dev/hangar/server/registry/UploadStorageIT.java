package dev.hangar.server.registry;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.RunningServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant tries to fill the server's disk with uploads sent chunked (no length declared up front):
 * the per-user quota and the reserve kept free for the database and logs hold while bytes arrive.
 */
class UploadStorageIT {

    @TempDir
    Path home;

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String newUpload(ApiClient client) {
        var created = client.postJson(
                "/api/v1/models", "{\"name\":\"" + unique("upload") + "\",\"source\":{\"type\":\"upload\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** A PUT whose body has no Content-Length: the client sends it in chunks. */
    private static ApiClient.Response putChunked(ApiClient client, String id, String file, int bytes) {
        byte[] body = new byte[bytes];
        return client.send(client.request("/api/v1/models/" + id + "/files/" + file + "?offset=0")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    @Test
    void aChunkedUploadPastTheQuotaIsRefused() {
        try (RunningServer server = RunningServer.start(
                home, Map.of("hangar.limits.storage", "1MB", "hangar.replicas.stop-on-exit", "true"))) {
            ApiClient tenant = server.userWithKey(unique("tenant"));
            assertThat(putChunked(tenant, newUpload(tenant), "a.bin", 600 * 1024)
                            .status())
                    .isEqualTo(200);

            var refused = putChunked(tenant, newUpload(tenant), "b.bin", 600 * 1024);

            assertProblem(refused, 413, "payload-too-large");
            assertThat(refused.json().get("detail").asString()).contains("storage quota");
            String adminUpload = newUpload(server.admin());
            assertThat(putChunked(server.admin(), adminUpload, "big.bin", 2 * 1024 * 1024)
                            .status())
                    .as("admins have no quota")
                    .isEqualTo(200);
        }
    }

    @Test
    void anUploadThatWouldEatTheReserveIsRefused() {
        try (RunningServer server = RunningServer.start(
                home, Map.of("hangar.storage.reserve", "1000TB", "hangar.replicas.stop-on-exit", "true"))) {
            ApiClient tenant = server.userWithKey(unique("tenant"));

            var refused = putChunked(tenant, newUpload(tenant), "model.gguf", 64 * 1024);

            assertProblem(refused, 507, "insufficient-storage");
            assertThat(refused.json().get("detail").asString()).contains("HANGAR_STORAGE_RESERVE");
        }
    }
}
