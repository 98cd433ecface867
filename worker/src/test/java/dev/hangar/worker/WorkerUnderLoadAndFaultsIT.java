package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slots, the wait queue, client disconnects, SIGTERM and broken files, each on its own worker process. */
class WorkerUnderLoadAndFaultsIT {
    /** About ten seconds of generation on the tiny model: long enough to still be running when the test acts. */
    static final String LONG_STREAM = """
            {"prompt":"hello","max_tokens":15000,"ignore_eos":true,"stream":true}""";

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
    }

    @Test
    void fullQueueIs429AndADisconnectedStreamFreesItsSlot() throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(
                        model, dir, "--parallel", "1", "--queue-size", "0", "--ctx-size", "16384")
                .awaitReady()) {
            HttpResponse<InputStream> stream = openStream(worker);
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(reader.readLine()).startsWith("data: ");

                HttpResponse<String> rejected = worker.post("/v1/completions", """
                        {"prompt":"hi","max_tokens":2}""");

                assertThat(rejected.statusCode()).isEqualTo(429);
                assertThat(rejected.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(rejected.body()).contains("\"rate_limit_error\"");
            }
            // The stream is closed mid-generation: its slot must serve the next request long before it would end.
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> worker.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":2}")
                                    .statusCode()
                            == 200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void sigtermTurnsHealthTo503FinishesTheStreamInFlightAndExitsZero() throws Exception {
        // The stream must outlast the health check (300 tokens ended within 0.1 s on a fast machine, before the first
        // poll, and the worker had exited); 3,000 take about 2 s here. The grace period is far beyond that: on an
        // overloaded machine 300 tokens once took over 30 s.
        try (WorkerProcess worker = WorkerProcess.start(model, dir, "--drain-seconds", "600", "--ctx-size", "4096")
                .awaitReady()) {
            HttpResponse<InputStream> stream = worker.http.send(
                    HttpRequest.newBuilder(worker.uri("/v1/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"prompt":"hello","max_tokens":3000,"ignore_eos":true,"stream":true}"""))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);

            worker.process.destroy();

            await().atMost(Duration.ofSeconds(5))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> worker.healthStatus() == 503);
            String body;
            try (InputStream in = stream.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            // The whole stream arrived: its last event names why it ended, then [DONE].
            assertThat(body).containsPattern("\"finish_reason\":\"[a-z]+\"").endsWith("data: [DONE]\n\n");
            assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.process.exitValue()).isZero();
            assertThat(Files.readString(worker.stdout)).contains("drained");
        }
    }

    @Test
    void aWorkerGivenAParentPidExitsOnceThatProcessIsKilled() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        try (WorkerProcess worker = WorkerProcess.start(model, dir, "--parent-pid", String.valueOf(parent.pid()))
                .awaitReady()) {
            assertThat(worker.process.isAlive()).isTrue();

            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            assertThat(worker.process.waitFor(60, TimeUnit.SECONDS))
                    .as("worker ended after its parent")
                    .isTrue();
            assertThat(worker.process.exitValue()).isZero();
            assertThat(Files.readString(worker.stderr))
                    .contains("process " + parent.pid() + " that started it has ended");
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void truncatedModelFileExitsNonZeroWithTheReasonWithinASecondOfStarting() throws Exception {
        Path truncated = dir.resolve("truncated.gguf");
        byte[] whole = Files.readAllBytes(model);
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        try (WorkerProcess worker = WorkerProcess.start(truncated, dir)) {
            assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(worker.process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(worker.stderr)).contains("hangar worker: the model file is not a usable GGUF");
        }
    }

    private static HttpResponse<InputStream> openStream(WorkerProcess worker) throws Exception {
        HttpResponse<InputStream> stream = worker.http.send(
                HttpRequest.newBuilder(worker.uri("/v1/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(LONG_STREAM))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        return stream;
    }
}
