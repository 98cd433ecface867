package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What replicas leave under {@code $HANGAR_HOME/endpoints/<id>/} goes with them: on delete and on scale-down. */
class EndpointFilesIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    private String runningEndpoint(ApiClient client, int replicas) {
        String model = Deployments.readyTinyGguf(client, SOURCES, unique("tiny"));
        var created = client.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("files") + "\",\"model\":\"" + model + "\",\"minReplicas\":" + replicas
                        + ",\"maxReplicas\":" + replicas + ",\"engineArgs\":{\"ctx-size\":512}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Deployments.awaitState(client, id, DEPLOY, "Running");
        return id;
    }

    private static List<String> replicaIds(ApiClient client, String endpoint) {
        List<String> ids = new ArrayList<>();
        for (JsonNode replica :
                client.get("/api/v1/endpoints/" + endpoint + "/replicas").json()) {
            ids.add(replica.get("id").asString());
        }
        return ids;
    }

    @Test
    void deletingAnEndpointRemovesItsFiles() {
        ApiClient tenant = userWithKey(unique("tenant"));
        String id = runningEndpoint(tenant, 1);
        Path directory = HOME.resolve("endpoints").resolve(id);
        assertThat(directory.resolve(replicaIds(tenant, id).getFirst() + ".log"))
                .isNotEmptyFile();

        assertThat(tenant.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);

        assertThat(directory).doesNotExist();
    }

    @Test
    void scalingDownRemovesReplicaFiles() throws Exception {
        ApiClient tenant = userWithKey(unique("tenant"));
        String id = runningEndpoint(tenant, 2);
        Path directory = HOME.resolve("endpoints").resolve(id);
        List<String> before = replicaIds(tenant, id);
        assertThat(before).hasSize(2);
        for (String replica : before) {
            assertThat(directory.resolve(replica + ".log")).isNotEmptyFile();
        }

        var scaled = tenant.patchJson("/api/v1/endpoints/" + id, "{\"minReplicas\":1,\"replicas\":1}");
        assertThat(scaled.status()).as(scaled.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> replicaIds(tenant, id).size() == 1);

        String kept = replicaIds(tenant, id).getFirst();
        String removed =
                before.stream().filter(r -> !r.equals(kept)).findFirst().orElseThrow();
        try (var left = Files.list(directory)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(removed));
        }
        assertThat(directory.resolve(kept + ".log")).isNotEmptyFile();
        assertThat(tenant.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }
}
