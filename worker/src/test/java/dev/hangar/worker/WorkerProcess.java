package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real {@code hangar-worker.jar} child process on a free port; closing it always ends the process. */
final class WorkerProcess implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Process process;
    final int port;
    final Path stdout;
    final Path stderr;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WorkerProcess(Process process, int port, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static WorkerProcess start(Path model, Path logDir, String... extra) throws IOException {
        return start(Map.of(), model, logDir, extra);
    }

    /** @param environment variables set for the worker besides this JVM's own */
    static WorkerProcess start(Map<String, String> environment, Path model, Path logDir, String... extra)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("hangar.worker.jar", "target/hangar-worker.jar"),
                "--model",
                model.toString(),
                "--port",
                String.valueOf(port),
                // Two threads, as on a small machine: each decode runs on one or both, whichever is faster on the
                // (often busy) test host, so greedy answers must not depend on the count.
                "--threads",
                "2"));
        command.addAll(List.of(extra));
        Path out = Files.createTempFile(logDir, "worker-", ".out");
        Path err = Files.createTempFile(logDir, "worker-", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new WorkerProcess(process, port, out, err);
    }

    WorkerProcess awaitReady() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("worker exited: " + Files.readString(stderr));
                    }
                    return healthStatus() == 200;
                });
        return this;
    }

    /** The /health status, or -1 while nothing listens. */
    int healthStatus() {
        try {
            return get("/health").statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON, after checking that the worker answered 200 (its body says why where not). */
    JsonNode postForJson(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = post(path, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The JSON chunks of a streamed answer, in order, after checking that the worker answered 200. */
    List<JsonNode> postForChunks(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = post(path, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body()
                .lines()
                .filter(line -> line.startsWith("data: {"))
                .map(line -> JSON.readTree(line.substring(6)))
                .toList();
    }

    /**
     * Stops the client without waiting for exchanges still open (JDK 25's {@code HttpClient.close()} waited
     * forever, about one run in three, after a worker that had drained a stream exited), then the worker.
     */
    @Override
    public void close() throws InterruptedException {
        http.shutdownNow();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
