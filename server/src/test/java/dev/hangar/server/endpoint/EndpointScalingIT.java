package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Scaling a running endpoint up and down starts and stops real replica processes (the built-in
 * worker on a tiny GGUF), as a user sees them in the replica list and the events.
 */
class EndpointScalingIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    @Test
    void scalingUpStartsReplicasAndScalingDownStopsTheSurplusOnes() {
        ApiClient tenant = userWithKey(unique("tenant"));
        String model = Deployments.readyTinyGguf(tenant, SOURCES, unique("tiny"));
        var created = tenant.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("scaled") + "\",\"model\":\"" + model + "\",\"minReplicas\":1,"
                        + "\"maxReplicas\":3,\"engineArgs\":{\"ctx-size\":256}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Deployments.awaitState(tenant, id, DEPLOY, "Running");
        long first = readyPids(tenant, id).get(0);

        assertThat(scale(tenant, id, 3).status()).isEqualTo(202);
        await().atMost(DEPLOY).until(() -> readyPids(tenant, id).size() == 3);

        Map<Integer, Long> scaledUp = readyPids(tenant, id);
        assertThat(scaledUp.get(0)).as("replica #0 kept serving").isEqualTo(first);
        assertThat(scaledUp.values())
                .doesNotHaveDuplicates()
                .allSatisfy(pid -> assertThat(alive(pid)).isTrue());
        assertThat(tenant.get("/api/v1/endpoints/" + id)
                        .json()
                        .get("readyReplicas")
                        .asInt())
                .isEqualTo(3);
        assertThat(tenant.get("/api/v1/endpoints/" + id + "/events").body())
                .contains("scaled from 1 to 3 replica(s)", "replica #1 ready", "replica #2 ready");

        assertThat(scale(tenant, id, 1).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> replicas(tenant, id).size() == 1);

        assertThat(readyPids(tenant, id)).containsExactly(Map.entry(0, first));
        assertThat(alive(scaledUp.get(1))).as("replica #1's process ended").isFalse();
        assertThat(alive(scaledUp.get(2))).as("replica #2's process ended").isFalse();
        JsonNode endpoint = tenant.get("/api/v1/endpoints/" + id).json();
        assertThat(endpoint.get("state").asString()).isEqualTo("Running");
        assertThat(endpoint.get("readyReplicas").asInt()).isEqualTo(1);
        assertThat(tenant.get("/api/v1/endpoints/" + id + "/events").body())
                .contains("replica #1 stopped (scaled down)", "replica #2 stopped (scaled down)");

        assertThat(tenant.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
        assertThat(alive(first)).isFalse();
    }

    private static ApiClient.Response scale(ApiClient client, String id, int replicas) {
        return client.postJson("/api/v1/endpoints/" + id + "/scale", "{\"replicas\":" + replicas + "}");
    }

    private static List<JsonNode> replicas(ApiClient client, String id) {
        List<JsonNode> list = new ArrayList<>();
        client.get("/api/v1/endpoints/" + id + "/replicas").json().forEach(list::add);
        return list;
    }

    /** The pid of each ready replica, by ordinal. */
    private static Map<Integer, Long> readyPids(ApiClient client, String id) {
        return replicas(client, id).stream()
                .filter(r -> r.get("state").asString().equals("ready"))
                .collect(Collectors.toMap(
                        r -> r.get("ordinal").asInt(), r -> r.get("pid").asLong()));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
