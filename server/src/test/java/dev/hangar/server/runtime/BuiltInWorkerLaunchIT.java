package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.home.HangarProperties;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's command line for the built-in runtime starts the real worker jar, which serves the model under its name. */
class BuiltInWorkerLaunchIT {

    @TempDir
    Path dir;

    private Process worker;

    @AfterEach
    void stop() throws InterruptedException {
        if (worker != null) {
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void launchSpecStartsTheWorkerWhichBecomesReady() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
        RuntimeSpec runtime = new RuntimeCatalog().find("llama.cpp").orElseThrow();
        LaunchRequest.BuiltInWorker jar = new RuntimeInstallations(
                        new HangarProperties.Runtimes(null, List.of(), null, null),
                        Clock.systemUTC(),
                        WorkerClassArchive.none())
                .builtInWorker()
                .orElseThrow();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, Object> args = EngineArgValidator.validate(runtime, Map.of("parallel", 2, "ctx-size", 1024));
        LaunchSpec spec = runtime.launch(
                new LaunchRequest(model, "tiny-chat", args, "127.0.0.1", port, 0, 0, dir, jar, "tok_worker"));

        worker = new ProcessBuilder(spec.argv())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile())
                .start();

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create(base + spec.healthPath()))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        String models = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/models")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(models).contains("\"tiny-chat\"");
    }
}
