package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.RunningServer;
import dev.hangar.server.support.standin.StandInExecutable;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An endpoint on a runtime that is not built in ({@code llama-server}), played by a stand-in
 * program on the runtime search path: the whole lifecycle with the exact command line the catalog
 * generates, and a replica that keeps crashing, which ends in {@code RuntimeError} with its log.
 */
class ExternalRuntimeIT {

    @TempDir
    static Path dir;

    private static RunningServer server;
    private static ApiClient admin;
    private static String model;
    private static Path modelFile;

    @BeforeAll
    static void startServer() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        StandInExecutable.install(bin, "llama-server");
        Path models = Files.createDirectories(dir.resolve("models"));
        server = RunningServer.start(
                dir.resolve("home"),
                Map.of(
                        "hangar.runtime.search-path",
                        bin.toString(),
                        "hangar.registry.model-roots",
                        models.toString(),
                        "hangar.registry.user-model-roots",
                        Files.createDirectories(dir.resolve("user-models")).toString(),
                        "hangar.replicas.port-from",
                        8300,
                        "hangar.replicas.port-to",
                        8349,
                        "hangar.replicas.stop-on-exit",
                        true));
        admin = server.admin();
        model = Deployments.readyTinyGguf(admin, models, "tiny");
        modelFile = models.resolve("tiny.gguf");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStandInLlamaServerIsLaunchedWithTheCatalogCommandLineAndServes() throws Exception {
        Path record = dir.resolve("argv.jsonl");
        String id = create(
                "external", "\"engineArgs\":{\"ctx-size\":1024},\"env\":{\"STANDIN_RECORD\":\"" + record + "\"}");

        Deployments.awaitState(admin, id, Duration.ofSeconds(60), "Running");
        JsonNode replica =
                admin.get("/api/v1/endpoints/" + id + "/replicas").json().get(0);
        int port = replica.get("port").asInt();
        assertThat(port).isBetween(8300, 8349);
        JsonNode recorded =
                JsonMapper.builder().build().readTree(Files.readAllLines(record).getLast());
        List<String> argv = new ArrayList<>();
        recorded.get("argv").forEach(a -> argv.add(a.asString()));
        assertThat(argv)
                .containsExactly(
                        "-m",
                        modelFile.toString(),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--alias",
                        "external",
                        "--ctx-size",
                        "1024");
        assertThat(recorded.get("env").get("HANGAR_REPLICA_ID").asString())
                .isEqualTo(replica.get("id").asString());
        assertThat(recorded.get("pid").asLong()).isEqualTo(replica.get("pid").asLong());
        assertThat(recorded.get("env").propertyNames())
                .as("a replica gets none of the server's own variables beyond the short inherited list")
                .doesNotContainAnyElementsOf(serverOnlyVariables());
        HttpResponse<String> models = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(replica.get("address").asString() + "/v1/models"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(models.body()).contains("\"external\"");

        assertThat(admin.postJson("/api/v1/endpoints/" + id + "/stop", "").status())
                .isEqualTo(202);
        Deployments.awaitState(admin, id, Duration.ofSeconds(30), "Stopped");
        assertThat(ProcessHandle.of(replica.get("pid").asLong())
                        .map(ProcessHandle::isAlive)
                        .orElse(false))
                .isFalse();
        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aLoraArgNamesARegistryModel() throws Exception {
        Path record = dir.resolve("lora-argv.jsonl");
        String id = create(
                "with-lora", "\"engineArgs\":{\"lora\":\"tiny\"},\"env\":{\"STANDIN_RECORD\":\"" + record + "\"}");

        Deployments.awaitState(admin, id, Duration.ofSeconds(60), "Running");

        assertThat(admin.get("/api/v1/endpoints/" + id)
                        .json()
                        .at("/engineArgs/lora")
                        .asString())
                .as("kept as the model's id")
                .isEqualTo(model);
        JsonNode recorded =
                JsonMapper.builder().build().readTree(Files.readAllLines(record).getLast());
        List<String> argv = new ArrayList<>();
        recorded.get("argv").forEach(a -> argv.add(a.asString()));
        assertThat(argv).containsSubsequence("--lora", modelFile.toString());
        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aLoraModelMadePrivateIsNotLaunchedForOthers() throws Exception {
        ApiClient owner = server.userWithKey("lora-owner");
        ApiClient other = server.userWithKey("lora-user");
        Path userModels = dir.resolve("user-models");
        String lora = Deployments.readyTinyGguf(owner, userModels, "shared-lora");
        assertThat(owner.patchJson("/api/v1/models/" + lora, "{\"visibility\":\"public\"}")
                        .status())
                .isEqualTo(200);
        String base = Deployments.readyTinyGguf(other, userModels, "own-base");
        Path record = dir.resolve("withdrawn-lora-argv.jsonl");
        var created = other.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"borrowed-lora\",\"model\":\"" + base + "\",\"runtime\":\"llama-server\","
                        + "\"engineArgs\":{\"lora\":\"shared-lora\"},\"env\":{\"STANDIN_RECORD\":\"" + record + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Deployments.awaitState(other, id, Duration.ofSeconds(60), "Running");
        String loraFile = userModels.resolve("shared-lora.gguf").toString();
        assertThat(Files.readString(record)).contains(loraFile);
        int launches = Files.readAllLines(record).size();

        assertThat(owner.patchJson("/api/v1/models/" + lora, "{\"visibility\":\"private\"}")
                        .status())
                .isEqualTo(200);
        assertThat(other.postJson("/api/v1/endpoints/" + id + "/restart", "").status())
                .isEqualTo(202);

        JsonNode failed = Deployments.awaitState(other, id, Duration.ofSeconds(60), "NoAppFile");
        assertThat(failed.get("stateReason").asString())
                .contains("lora model 'shared-lora' is no longer available to lora-user")
                .doesNotContain(loraFile);
        assertThat(other.get("/api/v1/endpoints/" + id + "/events").body())
                .contains("is no longer available to lora-user")
                .doesNotContain(loraFile);
        assertThat(Files.readAllLines(record))
                .as("no replica was launched with the file again")
                .hasSize(launches);
        assertThat(other.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aReplicaThatKeepsCrashingEndsInRuntimeErrorWithItsLastLogLines() {
        String id = create("crashing", "\"env\":{\"STANDIN_EXIT_AFTER_MS\":\"4000\"}");

        JsonNode failed = Deployments.awaitState(admin, id, Duration.ofSeconds(150), "RuntimeError");

        assertThat(failed.get("stateReason").asString())
                .contains("crashed 5 times within 10 minutes")
                .contains("exited with code 3")
                .contains("stand-in: crashing on purpose");
        String events = admin.get("/api/v1/endpoints/" + id + "/events").body();
        assertThat(events).contains("starting it again in 1 s", "starting it again in 2 s");
        JsonNode replica =
                admin.get("/api/v1/endpoints/" + id + "/replicas").json().get(0);
        assertThat(replica.get("restarts").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(replica.get("lastExitCode").asInt()).isEqualTo(3);
        assertThat(replica.has("pid")).as("no process is left running").isFalse();
        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aClientPromisedALengthSeesItsConnectionClosedWhenTheReplicaBreaksTheAnswerOff() throws Exception {
        String id = create("breaking", "\"env\":{\"STANDIN_BREAK_AFTER_BYTES\":\"20\"}");
        Deployments.awaitState(admin, id, Duration.ofSeconds(60), "Running");
        byte[] body = "{\"model\":\"breaking\",\"prompt\":\"break\"}".getBytes(StandardCharsets.UTF_8);
        String request = "POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin.apiKey()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.UTF_8); // keep-alive: only the gateway's close ends the read

        String received;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000); // a client left waiting for the promised bytes fails here instead
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            received = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(received).startsWith("HTTP/1.1 200");
        int declared = Integer.parseInt(received.replaceAll("(?is).*\r\ncontent-length: *(\\d+)\r\n.*", "$1"));
        String sent = received.substring(received.indexOf("\r\n\r\n") + 4);
        assertThat(sent).as("the 20 bytes the replica sent of its answer").hasSize(20);
        assertThat(declared)
                .as("the whole answer's length, as the replica declared it")
                .isGreaterThan(20);
        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    /**
     * The test JVM's variables (this server's environment) that no replica should see: all but the
     * short inherited list, Hangar's own (always removed) and those a shell sets for itself.
     */
    private static List<String> serverOnlyVariables() {
        List<String> names = System.getenv().keySet().stream()
                .filter(name -> !name.matches(
                        "PATH|HOME|LANG|LANGUAGE|LC_.*|TZ|TMPDIR|XDG_CACHE_HOME|CUDA_DEVICE_ORDER|.*_VISIBLE_DEVICES"
                                + "|HANGAR_.*|STANDIN_.*|PWD|OLDPWD|SHLVL|_"))
                .toList();
        assumeThat(names).as("the test JVM has variables of its own").isNotEmpty();
        return names;
    }

    private static String create(String name, String extra) {
        var created = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"runtime\":\"llama-server\"," + extra + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
