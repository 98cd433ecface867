package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.worker.llama.NativeBundle;
import dev.hangar.worker.llama.NativeLibraryCache;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a worker answers while it loads, and the options that close or turn off routes: each on its own process. */
class WorkerStartupAndAccessIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    @Test
    void healthIs503LoadingUntilTheModelIsLoadedThen200() throws Exception {
        // 20 MB of weights: loading takes long enough to be seen from the first poll on.
        Path model = dir.resolve("tiny-10m.gguf");
        TinyModel.ofSize("10M", 42).writeGguf(model, GgmlType.F16);
        List<String> answers = new ArrayList<>();

        try (WorkerProcess worker = WorkerProcess.start(model, dir)) {
            await().atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        assertThat(worker.process.isAlive()).as("worker alive").isTrue();
                        healthAnswer(worker).ifPresent(answers::add);
                        return !answers.isEmpty() && answers.getLast().startsWith("200");
                    });
        }

        assertThat(answers.getFirst()).isEqualTo("503 {\"status\":\"loading\"}");
        assertThat(answers.getLast()).isEqualTo("200 {\"status\":\"ok\"}");
        assertThat(answers.stream().distinct()).hasSize(2);
    }

    @Test
    void apiKeyGuardsEveryRouteButHealthAndNoEmbeddingsTurnsTheRouteOff() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);

        try (WorkerProcess worker = WorkerProcess.start(model, dir, "--api-key", "s3cret", "--no-embeddings")
                .awaitReady()) {
            HttpResponse<String> anonymous = worker.get("/v1/models");
            HttpResponse<String> wrongKey = send(worker, "/v1/models", "Bearer nope");
            HttpResponse<String> withKey = send(worker, "/v1/models", "Bearer s3cret");
            HttpResponse<String> embeddings = worker.http.send(
                    HttpRequest.newBuilder(worker.uri("/v1/embeddings"))
                            .header("Authorization", "Bearer s3cret")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"hello\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(worker.healthStatus()).isEqualTo(200);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(anonymous.body()).at("/error/type").asString())
                    .isEqualTo("authentication_error");
            assertThat(wrongKey.statusCode()).isEqualTo(401);
            assertThat(withKey.statusCode()).isEqualTo(200);
            assertThat(embeddings.statusCode()).isEqualTo(404);
            JsonNode error = JSON.readTree(embeddings.body()).get("error");
            assertThat(error.get("type").asString()).isEqualTo("not_found_error");
            assertThat(error.get("message").asString()).contains("--no-embeddings");
        }
    }

    @Test
    void theWorkerRunsOnTheBundledLlamaCppExtractedIntoTheUsersCacheAndSaysWhichReleaseItIs() throws Exception {
        Path model = dir.resolve("tiny-bundled.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
        Path cache = dir.resolve("cache-bundled");

        try (WorkerProcess worker = WorkerProcess.start(Map.of("XDG_CACHE_HOME", cache.toString()), model, dir)
                .awaitReady()) {
            String log = Files.readString(worker.stdout);

            Path folder = cache.resolve("hangar/native").resolve(bundle().folderName());
            assertThat(log)
                    .contains("from " + folder.resolve("libllama.v0.5.0.so")
                            + " (llama.cpp v0.5.0 from @node-llama-cpp/linux-x64@3.22.1)")
                    .contains("llama.cpp system info: CPU : ");
        }
    }

    @Test
    void aLlamaLibraryWithoutTheNeededFunctionsStopsTheWorkerAtStartNamingThem() throws Exception {
        Path model = dir.resolve("tiny-userlib.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
        // A real shared library of the same release that is not libllama: ggml's base library.
        Path ggmlBase = new NativeLibraryCache(dir.resolve("extracted"))
                .directory(bundle())
                .resolve("libggml-base.so");

        try (WorkerProcess worker =
                WorkerProcess.start(Map.of("HANGAR_LLAMA_LIBRARY", ggmlBase.toString()), model, dir)) {
            assertThat(worker.process.waitFor(30, TimeUnit.SECONDS))
                    .as("worker exited")
                    .isTrue();

            assertThat(worker.process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(worker.stderr))
                    .contains("hangar worker: " + ggmlBase + " is not a llama.cpp library"
                            + " this worker can use: it lacks llama_backend_init, ")
                    .contains("llama_decode", "llama_sampler_init_grammar");
        }
    }

    private static NativeBundle bundle() {
        return NativeBundle.forPlatform("linux-x64").orElseThrow();
    }

    /** "status body" of /health, or nothing while no one listens yet. */
    private static Optional<String> healthAnswer(WorkerProcess worker) throws InterruptedException {
        try {
            HttpResponse<String> response = worker.get("/health");
            return Optional.of(response.statusCode() + " " + response.body());
        } catch (IOException notListeningYet) {
            return Optional.empty();
        }
    }

    private static HttpResponse<String> send(WorkerProcess worker, String path, String authorization)
            throws IOException, InterruptedException {
        return worker.http.send(
                HttpRequest.newBuilder(worker.uri(path))
                        .header("Authorization", authorization)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
