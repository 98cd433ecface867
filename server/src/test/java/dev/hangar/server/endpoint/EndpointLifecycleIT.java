package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ReplicaTokens;
import dev.hangar.server.support.ServerTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tiny real GGUF deployed on the built-in worker with two replicas, through its whole life. */
class EndpointLifecycleIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoReplicasDeployServeStopStartAndDelete() throws Exception {
        ApiClient admin = admin();
        String model = Deployments.readyTinyGguf(admin, SOURCES, unique("tiny"));
        String name = unique("chat");

        var created = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"minReplicas\":2,\"maxReplicas\":2,"
                        + "\"engineArgs\":{\"ctx-size\":512}}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode endpoint = created.json();
        String id = endpoint.get("id").asString();
        assertThat(endpoint.get("runtime").asString()).isEqualTo("llama.cpp");
        assertThat(endpoint.get("resource").asString()).isNotBlank();
        assertThat(endpoint.get("progress").get("steps")).hasSize(6);

        JsonNode running = Deployments.awaitState(admin, id, DEPLOY, "Running");
        assertThat(running.get("progress").get("percent").asInt()).isEqualTo(100);
        for (JsonNode step : running.get("progress").get("steps")) {
            assertThat(step.get("status").asString()).as(step.toString()).isEqualTo("done");
            assertThat(step.has("startedAt") && step.has("endedAt"))
                    .as(step.toString())
                    .isTrue();
        }
        assertThat(running.get("readyReplicas").asInt()).isEqualTo(2);
        List<String> actions = new ArrayList<>();
        running.get("actions").forEach(a -> actions.add(a.asString()));
        assertThat(actions).containsExactlyInAnyOrder("stop", "restart", "scale", "delete");

        List<JsonNode> replicas = replicas(admin, id);
        assertThat(replicas).hasSize(2);
        List<Long> pids = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (JsonNode replica : replicas) {
            assertThat(replica.get("state").asString()).isEqualTo("ready");
            long pid = replica.get("pid").asLong();
            pids.add(pid);
            ports.add(replica.get("port").asInt());
            assertThat(ProcessHandle.of(pid))
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(replica.get("port").asInt()).isBetween(8100, 8199);
            HttpResponse<String> answer = complete(replica, name);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"model\":\"" + name + "\"");
        }
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(admin.get("/api/v1/endpoints/" + id + "/events").body())
                .contains("replica #0 ready", "replica #1 ready");
        var logs = admin.get("/api/v1/endpoints/" + id + "/replicas/"
                + replicas.getFirst().get("id").asString() + "/logs?tail=50");
        assertThat(logs.status()).as(logs.toString()).isEqualTo(200);
        assertThat(logs.json().get("lines").toString()).contains("hangar worker ready");
        HttpResponse<java.util.stream.Stream<String>> followed = http.send(
                admin.request("/api/v1/endpoints/" + id + "/replicas/"
                                + replicas.getFirst().get("id").asString() + "/logs?follow=true&tail=50")
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(followed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (var lines = followed.body()) {
            assertThat(lines.filter(l -> l.startsWith("data:")).anyMatch(l -> l.contains("hangar worker ready")))
                    .isTrue();
        }

        assertThat(admin.postJson("/api/v1/endpoints/" + id + "/stop", "").status())
                .isEqualTo(202);
        JsonNode stopped = Deployments.awaitState(admin, id, Duration.ofSeconds(60), "Stopped");
        assertThat(stopped.get("readyReplicas").asInt()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        }
        for (int port : ports) {
            assertThat(canBind(port)).as("port " + port + " is free again").isTrue();
        }
        assertThat(replicas(admin, id)).allSatisfy(r -> {
            assertThat(r.get("state").asString()).isEqualTo("stopped");
            assertThat(r.has("pid")).isFalse();
        });

        assertThat(admin.postJson("/api/v1/endpoints/" + id + "/start", "").status())
                .isEqualTo(202);
        Deployments.awaitState(admin, id, DEPLOY, "Running");
        List<Long> restartedPids =
                replicas(admin, id).stream().map(r -> r.get("pid").asLong()).toList();
        assertThat(restartedPids).hasSize(2).doesNotContainAnyElementsOf(pids);

        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
        for (long pid : restartedPids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        }
        assertThat(admin.get("/api/v1/endpoints/" + id).status()).isEqualTo(404);
    }

    @Test
    void aKilledReplicaIsRestartedAndTheCrashIsRecorded() throws Exception {
        ApiClient admin = admin();
        String model = Deployments.readyTinyGguf(admin, SOURCES, unique("tiny"));
        String name = unique("crashy");
        String id = admin.postJson(
                        "/api/v1/endpoints",
                        "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"engineArgs\":{\"ctx-size\":256}}")
                .json()
                .get("id")
                .asString();
        Deployments.awaitState(admin, id, DEPLOY, "Running");
        JsonNode replica = replicas(admin, id).getFirst();
        long pid = replica.get("pid").asLong();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(DEPLOY).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode now = replicas(admin, id).getFirst();
            return now.get("state").asString().equals("ready") && now.get("pid").asLong() != pid;
        });
        JsonNode restarted = replicas(admin, id).getFirst();
        assertThat(restarted.get("restarts").asInt()).isEqualTo(1);
        assertThat(restarted.get("id").asString()).isEqualTo(replica.get("id").asString());
        assertThat(restarted.get("lastExitCode").asInt()).isEqualTo(137);
        assertThat(admin.get("/api/v1/endpoints/" + id + "/events").body())
                .contains("(pid " + pid + ") exited with code 137");
        HttpResponse<String> answer = complete(restarted, name);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/v1/endpoints/" + id).json().get("state").asString())
                .isEqualTo("Running");

        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aReplicaThatStopsAnsweringIsKilledAndReplaced() throws Exception {
        ApiClient admin = admin();
        String model = Deployments.readyTinyGguf(admin, SOURCES, unique("tiny"));
        String id = admin.postJson(
                        "/api/v1/endpoints",
                        "{\"name\":\"" + unique("hung") + "\",\"model\":\"" + model
                                + "\",\"engineArgs\":{\"ctx-size\":256}}")
                .json()
                .get("id")
                .asString();
        Deployments.awaitState(admin, id, DEPLOY, "Running");
        long pid = replicas(admin, id).getFirst().get("pid").asLong();

        // SIGSTOP: the process is alive but answers nothing, as a hung runtime would.
        assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(pid))
                        .start()
                        .waitFor())
                .isZero();

        await().atMost(DEPLOY).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode now = replicas(admin, id).getFirst();
            return now.get("state").asString().equals("ready") && now.get("pid").asLong() != pid;
        });
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(admin.get("/api/v1/endpoints/" + id + "/events").body())
                .contains("(pid " + pid + ") stopped answering /health (3 checks in a row) and was killed");
        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    private static List<JsonNode> replicas(ApiClient client, String id) {
        List<JsonNode> list = new ArrayList<>();
        client.get("/api/v1/endpoints/" + id + "/replicas").json().forEach(list::add);
        return list;
    }

    /** A completion straight from the replica, with the replica's token. */
    private HttpResponse<String> complete(JsonNode replica, String model) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(replica.get("address").asString() + "/v1/completions"))
                        .header("Authorization", "Bearer " + ReplicaTokens.of(replica))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"" + model + "\",\"prompt\":\"Hello\",\"max_tokens\":2}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
