package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exact command line each runtime is started with, for a fixed request. */
class LaunchSpecGoldenTest {

    private final RuntimeCatalog catalog = new RuntimeCatalog();
    private static final LaunchRequest.BuiltInWorker WORKER =
            new LaunchRequest.BuiltInWorker(Path.of("/opt/jdk/bin/java"), Path.of("/opt/hangar/hangar-worker.jar"));

    private LaunchSpec launch(String runtime, String model, Map<String, ?> args, int gpus) {
        return launch(runtime, model, args, gpus, 0);
    }

    private LaunchSpec launch(String runtime, String model, Map<String, ?> args, int gpus, int threads) {
        RuntimeSpec spec = catalog.find(runtime).orElseThrow();
        Map<String, Object> validated = EngineArgValidator.validate(spec, args);
        return spec.launch(new LaunchRequest(
                Path.of(model),
                "chat-bot",
                validated,
                "127.0.0.1",
                8101,
                gpus,
                threads,
                Path.of("/var/hangar/replicas/r1"),
                WORKER,
                "tok_golden"));
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void builtInWorker() {
        LaunchSpec spec = launch(
                "llama.cpp",
                "/models/tiny.gguf",
                args("parallel", 4, "embeddings", false, "ctx-size", 4096, "batch-size", 2048),
                0);

        assertThat(spec.argv())
                .containsExactly(
                        "/opt/jdk/bin/java",
                        "-jar",
                        "/opt/hangar/hangar-worker.jar",
                        "--model",
                        "/models/tiny.gguf",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "8101",
                        "--served-model-name",
                        "chat-bot",
                        "--ctx-size",
                        "4096",
                        "--parallel",
                        "4",
                        "--no-embeddings");
        assertThat(spec.healthPath()).isEqualTo("/health");
    }

    @Test
    void builtInWorkerStartsWithItsClassArchiveWhenOneIsRecorded() {
        RuntimeSpec spec = catalog.find("llama.cpp").orElseThrow();
        LaunchRequest.BuiltInWorker withArchive = new LaunchRequest.BuiltInWorker(
                WORKER.java(), WORKER.jar(), Optional.of(Path.of("/cache/hangar-worker.jsa")));

        LaunchSpec launch = spec.launch(new LaunchRequest(
                Path.of("/models/tiny.gguf"),
                "chat-bot",
                EngineArgValidator.validate(spec, Map.of()),
                "127.0.0.1",
                8101,
                0,
                0,
                Path.of("/work"),
                withArchive,
                "tok_golden"));

        assertThat(launch.argv())
                .startsWith(
                        "/opt/jdk/bin/java",
                        "-XX:SharedArchiveFile=/cache/hangar-worker.jsa",
                        "-jar",
                        "/opt/hangar/hangar-worker.jar",
                        "--model",
                        "/models/tiny.gguf");
    }

    @Test
    void builtInWorkerRunsOnTheAdminsLlamaLibraryWhenOneIsSetAndOtherRuntimesNeverSeeIt() {
        LaunchRequest.BuiltInWorker onCuda = new LaunchRequest.BuiltInWorker(
                WORKER.java(), WORKER.jar(), Optional.empty(), Optional.of(Path.of("/opt/llama-cuda/libllama.so")));
        LaunchRequest request = new LaunchRequest(
                Path.of("/models/tiny.gguf"),
                "chat-bot",
                Map.of(),
                "127.0.0.1",
                8101,
                0,
                0,
                Path.of("/work"),
                onCuda,
                "tok_golden");

        LaunchSpec worker = catalog.find("llama.cpp").orElseThrow().launch(request);
        LaunchSpec vllm = catalog.find("vllm").orElseThrow().launch(request);

        assertThat(worker.env()).containsEntry("HANGAR_LLAMA_LIBRARY", "/opt/llama-cuda/libllama.so");
        assertThat(vllm.env()).doesNotContainKey("HANGAR_LLAMA_LIBRARY");
        assertThat(launch("llama.cpp", "/models/tiny.gguf", args(), 0).env())
                .as("unset: the worker's own")
                .doesNotContainKey("HANGAR_LLAMA_LIBRARY");
    }

    @Test
    void builtInWorkerComputesWithTheReplicasShareOfTheMachineUnlessTheEndpointSetsThreads() {
        List<String> shared = launch("llama.cpp", "/models/tiny.gguf", args("parallel", 2), 0, 1)
                .argv();
        assertThat(String.join(" ", shared)).contains(" --threads 1").contains(" --parallel 2");

        List<String> chosen = launch("llama.cpp", "/models/tiny.gguf", args("threads", 4, "parallel", 2), 0, 1)
                .argv();
        assertThat(String.join(" ", chosen)).contains(" --threads 4").doesNotContain("--threads 1");
        assertThat(chosen.stream().filter("--threads"::equals)).hasSize(1);
    }

    @Test
    void vllmWithTensorParallelFromTheResourceAndChangedArgsOnly() {
        LaunchSpec spec = launch(
                "vllm",
                "/models/llama-8b",
                args(
                        "max-model-len",
                        8192,
                        "gpu-memory-utilization",
                        0.85,
                        "enable-prefix-caching",
                        false,
                        "dtype",
                        "auto",
                        "trust-remote-code",
                        true),
                2);

        assertThat(spec.argv())
                .containsExactly(
                        "vllm",
                        "serve",
                        "/models/llama-8b",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "8101",
                        "--served-model-name",
                        "chat-bot",
                        "--tensor-parallel-size",
                        "2",
                        "--max-model-len",
                        "8192",
                        "--gpu-memory-utilization",
                        "0.85",
                        "--no-enable-prefix-caching",
                        "--trust-remote-code");
        assertThat(spec.env()).containsExactly(Map.entry("VLLM_API_KEY", "tok_golden"));
    }

    @Test
    void aChatTemplateIsNeverReadFromAPath() {
        for (String runtime : List.of("vllm", "sglang")) {
            LaunchSpec spec = launch(runtime, "/models/m", args("chat-template", "/etc/passwd"), 1);

            assertThat(spec.argv())
                    .as(runtime + ": the flag names a file of the replica's, whatever the text looks like")
                    .containsSubsequence("--chat-template", "/var/hangar/replicas/r1/chat-template.jinja")
                    .doesNotContain("/etc/passwd");
            assertThat(spec.files())
                    .containsExactly(Map.entry("/var/hangar/replicas/r1/chat-template.jinja", "/etc/passwd"));
        }
    }

    @Test
    void vllmTensorParallelSetByTheUserWins() {
        LaunchSpec spec = launch("vllm", "/models/m", args("tensor-parallel-size", 4), 2);

        assertThat(spec.argv())
                .containsSubsequence("--tensor-parallel-size", "4")
                .doesNotContain("2");
    }

    @Test
    void sglang() {
        LaunchSpec spec =
                launch("sglang", "/models/qwen", args("context-length", "32768", "enable-metrics", "true"), 1);

        assertThat(spec.argv())
                .containsExactly(
                        "python3",
                        "-m",
                        "sglang.launch_server",
                        "--model-path",
                        "/models/qwen",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "8101",
                        "--served-model-name",
                        "chat-bot",
                        "--api-key",
                        "tok_golden",
                        "--context-length",
                        "32768",
                        "--enable-metrics");
    }

    @Test
    void tgi() {
        LaunchSpec spec = launch("tgi", "/models/mistral", args("quantize", "awq", "max-total-tokens", 4096), 4);

        assertThat(spec.argv())
                .containsExactly(
                        "text-generation-launcher",
                        "--model-id",
                        "/models/mistral",
                        "--hostname",
                        "127.0.0.1",
                        "--port",
                        "8101",
                        "--num-shard",
                        "4",
                        "--quantize",
                        "awq",
                        "--max-total-tokens",
                        "4096");
        assertThat(spec.env()).containsExactly(Map.entry("API_KEY", "tok_golden"));
    }

    @Test
    void llamaServer() {
        LaunchSpec spec = launch(
                "llama-server",
                "/models/q4.gguf",
                args(
                        "ctx-size",
                        8192,
                        "parallel",
                        4,
                        "n-gpu-layers",
                        "all",
                        "cont-batching",
                        false,
                        "flash-attn",
                        "on"),
                1);

        assertThat(spec.argv())
                .containsExactly(
                        "llama-server",
                        "-m",
                        "/models/q4.gguf",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "8101",
                        "--alias",
                        "chat-bot",
                        "--ctx-size",
                        "8192",
                        "--n-gpu-layers",
                        "all",
                        "--parallel",
                        "4",
                        "--no-cont-batching",
                        "--flash-attn",
                        "on");
        assertThat(spec.env()).containsExactly(Map.entry("LLAMA_API_KEY", "tok_golden"));
    }

    @Test
    void ollamaServesOnTheReplicaPortAndCreatesTheModelFromAModelfile() {
        LaunchSpec spec = launch("ollama", "/models/q4.gguf", args("num-parallel", 4, "num-ctx", 8192), 0);

        assertThat(spec.argv()).containsExactly("ollama", "serve");
        assertThat(spec.env())
                .containsEntry("OLLAMA_HOST", "127.0.0.1:8101")
                .containsEntry("OLLAMA_NUM_PARALLEL", "4")
                .containsEntry("OLLAMA_MODELS", "/var/hangar/replicas/r1/ollama-models");
        assertThat(spec.files())
                .containsEntry("/var/hangar/replicas/r1/Modelfile", "FROM /models/q4.gguf\nPARAMETER num_ctx 8192\n");
        assertThat(spec.afterStart())
                .containsExactly(List.of("ollama", "create", "chat-bot", "-f", "/var/hangar/replicas/r1/Modelfile"));
        assertThat(spec.healthPath()).isEqualTo("/api/version");
    }

    @Test
    void transformersSaysItIsNotLaunchableYet() {
        assertThat(catalog.find("transformers").orElseThrow().notLaunchableReason())
                .isPresent();
    }

    @Test
    void formatsPickTheRuntimesThatFit() {
        assertThat(catalog.fitting("gguf", "text-generation"))
                .extracting(RuntimeSpec::name)
                .containsExactly("llama.cpp", "llama-server", "ollama");
        assertThat(catalog.fitting("safetensors", "text-generation"))
                .extracting(RuntimeSpec::name)
                .containsExactly("vllm", "sglang", "tgi", "transformers");
        assertThat(catalog.fitting("safetensors", "image-classification"))
                .extracting(RuntimeSpec::name)
                .containsExactly("transformers");
    }
}
