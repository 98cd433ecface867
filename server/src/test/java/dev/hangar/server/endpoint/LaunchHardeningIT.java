package dev.hangar.server.endpoint;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ReplicaTokens;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code user} may launch on the server (issue 23): no environment variable that makes a
 * replica's loader, JVM, interpreter or shell run code of the user's choosing; replicas that answer
 * only callers with their token (the gateway and Hangar's probes); no engine argument that runs
 * the model's own code (admins only) or hands the runtime a server path.
 */
class LaunchHardeningIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    @Test
    void aUserCannotInjectJavaToolOptions() {
        ApiClient admin = admin();
        String model = publicTinyModel(admin);
        ApiClient user = userWithKey(unique("tenant"));
        String name = unique("agent");

        var created = user.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + model
                        + "\",\"env\":{\"JAVA_TOOL_OPTIONS\":\"-javaagent:/tmp/evil.jar\"}}");

        assertProblem(created, 400, "validation");
        assertThat(created.json().get("detail").asString()).startsWith("env.JAVA_TOOL_OPTIONS: may not be set");
        assertThat(user.get("/api/v1/endpoints/" + name).status())
                .as("nothing was created, so nothing ran")
                .isEqualTo(404);

        String id = user.postJson(
                        "/api/v1/endpoints",
                        "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"env\":{\"OMP_NUM_THREADS\":\"1\"}}")
                .json()
                .get("id")
                .asString();
        Deployments.awaitState(user, id, DEPLOY, "Running");
        assertThat(user.postJson("/api/v1/endpoints/" + id + "/stop", "").status())
                .isEqualTo(202);
        Deployments.awaitState(user, id, DEPLOY, "Stopped");
        var patched = user.patchJson("/api/v1/endpoints/" + id, "{\"env\":{\"LD_PRELOAD\":\"/tmp/evil.so\"}}");
        assertProblem(patched, 400, "validation");
        assertThat(patched.json().get("detail").asString()).startsWith("env.LD_PRELOAD: may not be set");
        assertThat(user.get("/api/v1/endpoints/" + id).json().get("env").toString())
                .doesNotContain("LD_PRELOAD");
        assertThat(user.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aReplicaRefusesCallersWithoutItsToken() throws Exception {
        ApiClient admin = admin();
        String model = publicTinyModel(admin);
        ApiClient user = userWithKey(unique("tenant"));
        String name = unique("guarded");
        var created = user.postJson("/api/v1/endpoints", "{\"name\":\"" + name + "\",\"model\":\"" + model + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Deployments.awaitState(user, id, DEPLOY, "Running");
        String replicas = admin.get("/api/v1/endpoints/" + id + "/replicas").body();
        JsonNode replica =
                admin.get("/api/v1/endpoints/" + id + "/replicas").json().get(0);
        String address = replica.get("address").asString();
        String token = ReplicaTokens.of(replica);

        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/v1/models", "/info", "/metrics")) {
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(address + path))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .as(path + " without a token")
                    .isEqualTo(401);
        }
        HttpResponse<String> forged = http.send(
                HttpRequest.newBuilder(URI.create(address + "/v1/completions"))
                        .header("Authorization", "Bearer " + user.apiKey())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\",\"max_tokens\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode())
                .as("a Hangar key is not the replica's token")
                .isEqualTo(401);

        var answer =
                user.postJson("/v1/completions", "{\"model\":\"" + name + "\",\"prompt\":\"hi\",\"max_tokens\":1}");
        assertThat(answer.status()).as("the gateway sends the token: " + answer).isEqualTo(200);
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(address + "/info"))
                                        .header("Authorization", "Bearer " + token)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .as("the token works, and /info does not show it")
                .contains("\"version\"")
                .doesNotContain(token);
        assertThat(replicas
                        + user.get("/api/v1/endpoints/" + id).body()
                        + admin.get("/api/v1/endpoints/" + id + "/events").body()
                        + admin.get("/api/v1/endpoints/" + id + "/replicas/"
                                        + replica.get("id").asString() + "/logs")
                                .body())
                .doesNotContain(token);
        assertThat(user.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aUserCannotTrustRemoteCode() {
        ApiClient admin = admin();
        String name = unique("st");
        String model =
                Deployments.readyModel(admin, name, TestModels.safetensors(SOURCES.resolve(name + ".safetensors")));
        makePublic(admin, model);
        ApiClient user = userWithKey(unique("tenant"));
        String body = "{\"name\":\"" + unique("remote") + "\",\"model\":\"" + model
                + "\",\"runtime\":\"vllm\",\"engineArgs\":{\"trust-remote-code\":true}}";

        var refused = user.postJson("/api/v1/endpoints", body);

        assertProblem(refused, 403, "forbidden");
        assertThat(refused.json().get("detail").asString()).startsWith("engineArgs.trust-remote-code: only an admin");
        var asAdmin = admin.postJson("/api/v1/endpoints", body);
        assertThat(asAdmin.status()).as("an admin passes the check: " + asAdmin).isNotEqualTo(403);
        assertThat(asAdmin.body()).doesNotContain("only an admin");
    }

    @Test
    void aLoraArgCannotNameAServerPath() {
        // llama-server's lora argument (the built-in runtime takes LoRA adapters as the endpoint's adapters)
        ApiClient admin = admin();
        String model = publicTinyModel(admin);
        String privateModel = Deployments.readyTinyGguf(admin, SOURCES, unique("private"));
        ApiClient user = userWithKey(unique("tenant"));

        for (String path : List.of("/etc/passwd", "../../.hangar/secret-key", "/home/x/adapter.gguf")) {
            var refused = user.postJson(
                    "/api/v1/endpoints",
                    "{\"name\":\"" + unique("lora") + "\",\"model\":\"" + model
                            + "\",\"runtime\":\"llama-server\",\"engineArgs\":{\"lora\":\"" + path + "\"}}");
            assertProblem(refused, 400, "validation");
            assertThat(refused.json().get("detail").asString())
                    .startsWith("engineArgs.lora: must name a registry model you may use");
        }
        var someoneElses = user.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("lora") + "\",\"model\":\"" + model
                        + "\",\"runtime\":\"llama-server\",\"engineArgs\":{\"lora\":\"" + privateModel + "\"}}");
        assertProblem(someoneElses, 404, "not-found");
    }

    private String publicTinyModel(ApiClient admin) {
        String name = unique("tiny");
        String id = Deployments.readyTinyGguf(admin, SOURCES, name);
        makePublic(admin, id);
        return id;
    }

    private static void makePublic(ApiClient admin, String model) {
        assertThat(admin.patchJson("/api/v1/models/" + model, "{\"visibility\":\"public\"}")
                        .status())
                .isEqualTo(200);
    }
}
