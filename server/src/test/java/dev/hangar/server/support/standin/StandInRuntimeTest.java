package dev.hangar.server.support.standin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.runtime.LaunchRequest;
import dev.hangar.server.runtime.RuntimeCatalog;
import dev.hangar.server.runtime.RuntimeSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StandInRuntimeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final RuntimeCatalog catalog = new RuntimeCatalog();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void answersTheVersionProbeOfEveryExternalRuntimeInTheCatalog() throws Exception {
        for (RuntimeSpec runtime : catalog.all()) {
            if (runtime.builtIn() || runtime.router()) {
                continue;
            }
            List<String> probe = new ArrayList<>(runtime.probe());
            probe.set(0, StandInExecutable.install(dir, probe.getFirst()).toString());

            Process process =
                    new ProcessBuilder(probe).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.waitFor()).as(runtime.name()).isZero();
            assertThat(output).isEqualTo(runtime.probe().getFirst() + " stand-in 1.0\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-server", "vllm"})
    void startsFromTheCatalogsCommandLineServesAsItsRuntimeAndRecordsHowItWasStarted(String runtime) throws Exception {
        int port = freePort();
        Path record = dir.resolve("record.jsonl");
        List<String> argv = argv(runtime, port);
        Process process = start(
                argv,
                Map.of(
                        "STANDIN_RECORD", record.toString(),
                        "STANDIN_READY_AFTER_MS", "1000",
                        "HANGAR_REPLICA_ID", "rep-1"));

        assertThat(awaitAnswer(port, "/health").statusCode())
                .as("loading at first")
                .isEqualTo(503);
        HttpResponse<String> healthy = awaitHealthy(port);
        JsonNode models = JSON.readTree(get(port, "/v1/models").body());
        JsonNode completion = JSON.readTree(post(port, "/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1}"));
        JsonNode embedding = JSON.readTree(post(port, "/v1/embeddings", "{\"input\":\"hi\"}"));

        assertThat(healthy.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(models.at("/data/0/id").asString()).isEqualTo("tiny-chat");
        assertThat(completion.at("/choices/0/text").asString()).isNotEmpty();
        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(1);
        assertThat(embedding.at("/data/0/embedding").size()).isPositive();
        assertThat(get(port, "/info").statusCode()).isEqualTo(404);

        JsonNode recorded = JSON.readTree(Files.readAllLines(record).getFirst());
        assertThat(recorded.get("argv").valueStream().map(JsonNode::asString))
                .containsExactlyElementsOf(argv.subList(1, argv.size()));
        assertThat(recorded.at("/env/HANGAR_REPLICA_ID").asString()).isEqualTo("rep-1");
        assertThat(recorded.get("pid").asLong()).isEqualTo(process.pid());

        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("SIGTERM is a clean stop").isZero();
    }

    @Test
    void crashesOnPurposeWhenAsked() throws Exception {
        Process process = start(argv("vllm", freePort()), Map.of("STANDIN_EXIT_AFTER_MS", "300"));

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("stand-in: crashing on purpose");
    }

    @Test
    void failsToStartOnPurposeWhenAsked() throws Exception {
        Path record = dir.resolve("record.jsonl");
        Process process = start(
                argv("llama-server", freePort()),
                Map.of("STANDIN_FAIL_START", "1", "STANDIN_RECORD", record.toString()));

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("failing to start on purpose");
        assertThat(record).doesNotExist();
    }

    /** The runtime's own command line for one replica, with the stand-in in place of its binary. */
    private List<String> argv(String runtime, int port) throws IOException {
        List<String> argv = new ArrayList<>(catalog.find(runtime)
                .orElseThrow()
                .launch(new LaunchRequest(
                        Path.of("/models/tiny"),
                        "tiny-chat",
                        Map.of(),
                        "127.0.0.1",
                        port,
                        0,
                        0,
                        dir,
                        null,
                        "tok_standin"))
                .argv());
        argv.set(0, StandInExecutable.install(dir, argv.getFirst()).toString());
        return argv;
    }

    private Process start(List<String> argv, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** The first answer once the stand-in listens. */
    private HttpResponse<String> awaitAnswer(int port, String path) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try {
                return get(port, path);
            } catch (ConnectException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private HttpResponse<String> awaitHealthy(int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        HttpResponse<String> answer = awaitAnswer(port, "/health");
        while (answer.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            answer = get(port, "/health");
        }
        return answer;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String post(int port, String path, String body) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
