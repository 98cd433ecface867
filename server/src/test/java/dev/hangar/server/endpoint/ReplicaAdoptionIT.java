package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The control plane is killed ({@code kill -9}) while an endpoint runs: its replicas keep serving,
 * and the next start adopts the same processes instead of starting duplicates. Stopping the server
 * with {@code HANGAR_STOP_REPLICAS_ON_EXIT} takes the replicas with it.
 */
class ReplicaAdoptionIT {

    @TempDir
    Path dir;

    private final List<ServerProcess> servers = new ArrayList<>();
    private String servedName;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (ServerProcess server : servers) {
            server.close();
        }
        if (servedName != null) {
            workers(servedName).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void replicasSurviveAKilledServerAndAreAdoptedByTheNextOne() throws Exception {
        Path home = dir.resolve("home");
        Path models = dir.resolve("models");
        Map<String, String> env = Map.of("HANGAR_MODEL_ROOTS", models.toString());
        ServerProcess first = start(home, env);
        ApiClient admin = first.admin();
        String model = Deployments.readyTinyGguf(admin, models, "tiny");
        servedName = "adopted-" + ProcessHandle.current().pid();
        String id = admin.postJson(
                        "/api/v1/endpoints",
                        "{\"name\":\"" + servedName + "\",\"model\":\"" + model
                                + "\",\"minReplicas\":2,\"maxReplicas\":2,\"engineArgs\":{\"ctx-size\":256}}")
                .json()
                .get("id")
                .asString();
        Deployments.awaitState(admin, id, Duration.ofSeconds(90), "Running");
        List<Long> pids = pids(admin, id);

        first.kill();

        assertThat(pids)
                .allSatisfy(pid -> assertThat(alive(pid))
                        .as("replica " + pid + " survived")
                        .isTrue());
        ServerProcess second = start(home, env);
        ApiClient again = second.admin();
        JsonNode endpoint = Deployments.awaitState(again, id, Duration.ofSeconds(30), "Running");
        assertThat(endpoint.get("readyReplicas").asInt()).isEqualTo(2);
        assertThat(pids(again, id))
                .as(() -> again.get("/api/v1/endpoints/" + id + "/events").body())
                .containsExactlyElementsOf(pids);
        assertThat(workers(servedName)).as("no duplicate workers").hasSize(2);
        assertThat(again.get("/api/v1/endpoints/" + id + "/events").body()).contains("adopted after a server restart");
        assertThat(second.output()).contains("replicas      2 adopted from the last run, 0 cleaned up");
        for (int i = 0; i < 4; i++) {
            var answer = again.postJson(
                    "/v1/completions", "{\"model\":\"" + servedName + "\",\"prompt\":\"Hi\",\"max_tokens\":2}");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        }
        assertThat(pids(again, id))
                .as("the adopted processes served those requests and are still the replicas")
                .containsExactlyElementsOf(pids);
        second.kill();

        ServerProcess third =
                start(home, Map.of("HANGAR_MODEL_ROOTS", models.toString(), "HANGAR_STOP_REPLICAS_ON_EXIT", "true"));
        Deployments.awaitState(third.admin(), id, Duration.ofSeconds(30), "Running");
        assertThat(third.stop()).isIn(0, 143);
        assertThat(pids)
                .as(third::output)
                .allSatisfy(pid ->
                        assertThat(alive(pid)).as("replica " + pid + " stopped").isFalse());
    }

    private ServerProcess start(Path home, Map<String, String> env) throws Exception {
        ServerProcess server = ServerProcess.start(home, env);
        servers.add(server);
        return server;
    }

    private static List<Long> pids(ApiClient client, String id) {
        List<Long> pids = new ArrayList<>();
        client.get("/api/v1/endpoints/" + id + "/replicas")
                .json()
                .forEach(r -> pids.add(r.get("pid").asLong()));
        return pids;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<ProcessHandle> workers(String servedName) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("--served-model-name " + servedName + " "))
                        .orElse(false))
                .toList();
    }
}
