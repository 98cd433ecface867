package dev.hangar.server.runtime;

import static dev.hangar.server.runtime.EngineArg.choice;
import static dev.hangar.server.runtime.EngineArg.decimal;
import static dev.hangar.server.runtime.EngineArg.integer;
import static dev.hangar.server.runtime.EngineArg.model;
import static dev.hangar.server.runtime.EngineArg.onByDefault;
import static dev.hangar.server.runtime.EngineArg.template;
import static dev.hangar.server.runtime.EngineArg.text;
import static dev.hangar.server.runtime.EngineArg.toggle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The runtimes Hangar deploys on, with the engine arguments users actually set (flag names and
 * defaults from each runtime's documentation; docs/runtimes.md lists them) and the command line
 * each replica starts with.
 */
@Component
public class RuntimeCatalog {

    static final String GGUF = "gguf";
    static final String SAFETENSORS = "safetensors";
    private static final Set<String> GENERATION = Set.of("text-generation");
    private static final Set<String> GENERATION_AND_EMBEDDINGS = Set.of("text-generation", "embeddings");
    private static final Set<String> GPU = Set.of("cuda", "rocm");
    private static final List<String> DTYPES = List.of("auto", "half", "float16", "bfloat16", "float", "float32");
    private static final List<String> LLAMA_CACHE_TYPES =
            List.of("f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "iq4_nl", "q5_0", "q5_1");

    private final List<RuntimeSpec> runtimes = List.of(
            builtInLlamaCpp(), vllm(), sglang(), tgi(), llamaServer(), ollama(), transformers(), openAiCompatible());

    public List<RuntimeSpec> all() {
        return runtimes;
    }

    public Optional<RuntimeSpec> find(String name) {
        return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Runtimes that accept a model of this format and task, in catalog order (built-in first). */
    public List<RuntimeSpec> fitting(String format, String task) {
        return runtimes.stream().filter(r -> r.accepts(format, task)).toList();
    }

    private static RuntimeSpec builtInLlamaCpp() {
        List<EngineArg> args = List.of(
                integer(
                        "ctx-size",
                        "--ctx-size",
                        null,
                        1,
                        1 << 20,
                        "Total context of all slots; default: the model's, at most 4096, for each slot"),
                integer("parallel", "--parallel", 1, 1, 64, "Concurrent sequences (slots), batched continuously"),
                integer(
                        "threads",
                        "--threads",
                        null,
                        1,
                        1024,
                        "CPU threads; default: the resource's CPUs, at most an even share of the machine's cores among the endpoint's replicas"),
                integer("batch-size", "--batch-size", 2048, 1, 1 << 16, "Logical batch size for prompt processing"),
                onByDefault("embeddings", "--embeddings", "--no-embeddings", "Serve /v1/embeddings beside generation"),
                model(
                        "lora",
                        "--lora",
                        "A LoRA adapter applied on top of the model: a GGUF model of the registry you may use, by name or id"),
                integer("drain-seconds", "--drain-seconds", 30, 0, 3600, "Grace period for in-flight requests on stop"),
                integer(
                        "queue-size",
                        "--queue-size",
                        null,
                        0,
                        1 << 16,
                        "Requests that may wait for a slot before 429; default 4 x parallel"),
                integer(
                        "queue-timeout-seconds",
                        "--queue-timeout-seconds",
                        60,
                        1,
                        3600,
                        "Longest wait for a slot before 503"));
        return new RuntimeSpec(
                "llama.cpp",
                "llama.cpp (built-in)",
                true,
                Set.of(GGUF),
                GENERATION_AND_EMBEDDINGS,
                Set.of("cpu"),
                List.of(),
                "/health",
                Duration.ofMinutes(5),
                args,
                (runtime, r) -> spec(
                        runtime,
                        r,
                        new ArgvBuilder(runtime, r.worker().command().toArray(String[]::new))
                                .add("--model", r.modelPath().toString(), "--host", r.host(), "--port", port(r))
                                .add("--served-model-name", r.servedName())
                                .add(threadsDefault(r))),
                Optional.empty(),
                "parallel");
    }

    private static RuntimeSpec vllm() {
        List<EngineArg> args = List.of(
                integer(
                        "tensor-parallel-size",
                        "--tensor-parallel-size",
                        1,
                        1,
                        64,
                        "GPUs each layer is sharded across"),
                integer(
                        "pipeline-parallel-size",
                        "--pipeline-parallel-size",
                        1,
                        1,
                        64,
                        "Pipeline stages the layers are split into"),
                integer(
                        "max-model-len",
                        "--max-model-len",
                        null,
                        1,
                        1 << 24,
                        "Context limit (prompt + output); default from the model"),
                decimal(
                        "gpu-memory-utilization",
                        "--gpu-memory-utilization",
                        0.9,
                        0.01,
                        1.0,
                        "Share of GPU memory for weights and KV cache"),
                integer("max-num-seqs", "--max-num-seqs", null, 1, 65536, "Sequences batched per step"),
                integer(
                        "max-num-batched-tokens",
                        "--max-num-batched-tokens",
                        null,
                        1,
                        1 << 24,
                        "Token budget per step"),
                choice("dtype", "--dtype", "auto", DTYPES, "Weight and activation dtype"),
                choice(
                        "quantization",
                        "--quantization",
                        null,
                        List.of(
                                "awq",
                                "awq_marlin",
                                "gptq",
                                "gptq_marlin",
                                "fp8",
                                "bitsandbytes",
                                "gguf",
                                "compressed-tensors"),
                        "Quantization method; default: from the checkpoint"),
                choice(
                        "kv-cache-dtype",
                        "--kv-cache-dtype",
                        "auto",
                        List.of("auto", "float16", "bfloat16", "fp8", "fp8_e4m3", "fp8_e5m2"),
                        "KV cache dtype"),
                onByDefault(
                        "enable-prefix-caching",
                        "--enable-prefix-caching",
                        "--no-enable-prefix-caching",
                        "Reuse KV of shared prefixes"),
                toggle("enforce-eager", "--enforce-eager", "No CUDA graphs: less memory, faster start, slower decode"),
                toggle(
                                "trust-remote-code",
                                "--trust-remote-code",
                                "Run model code shipped with the checkpoint (admins only)")
                        .forAdminsOnly(),
                toggle("enable-lora", "--enable-lora", "Serve LoRA adapters"),
                integer("max-loras", "--max-loras", 1, 1, 256, "Adapters active in one batch"),
                choice(
                        "max-lora-rank",
                        "--max-lora-rank",
                        "16",
                        List.of("8", "16", "32", "64", "128", "256", "320", "512"),
                        "Largest adapter rank"),
                choice(
                        "block-size",
                        "--block-size",
                        null,
                        List.of("8", "16", "32", "64", "128"),
                        "KV block size in tokens"),
                integer("seed", "--seed", null, 0, Integer.MAX_VALUE, "Random seed"),
                template("chat-template", "--chat-template", "Chat template (Jinja text) instead of the tokenizer's"),
                choice(
                        "generation-config",
                        "--generation-config",
                        "auto",
                        List.of("auto", "vllm"),
                        "auto: sampling defaults from generation_config.json; vllm: ignore it"),
                toggle("enable-auto-tool-choice", "--enable-auto-tool-choice", "Let the model call tools"),
                choice(
                        "tool-call-parser",
                        "--tool-call-parser",
                        null,
                        List.of("hermes", "llama3_json", "mistral", "pythonic"),
                        "How tool calls are parsed from output"));
        return new RuntimeSpec(
                "vllm",
                "vLLM",
                false,
                Set.of(SAFETENSORS),
                GENERATION_AND_EMBEDDINGS,
                GPU,
                List.of("vllm", "--version"),
                "/health",
                Duration.ofMinutes(20),
                args,
                (runtime, r) -> spec(
                        runtime,
                        r,
                        new ArgvBuilder(runtime, "vllm", "serve", r.modelPath().toString())
                                .add("--host", r.host(), "--port", port(r), "--served-model-name", r.servedName())
                                .env("VLLM_API_KEY", r.token())
                                .add(tensorParallelDefault(r, "tensor-parallel-size", "--tensor-parallel-size"))),
                Optional.empty(),
                "max-num-seqs");
    }

    private static RuntimeSpec sglang() {
        List<EngineArg> args = List.of(
                integer("tp-size", "--tp-size", 1, 1, 64, "Tensor parallelism"),
                integer("dp-size", "--dp-size", 1, 1, 64, "Data-parallel copies inside the server"),
                decimal(
                        "mem-fraction-static",
                        "--mem-fraction-static",
                        null,
                        0.01,
                        1.0,
                        "Share of memory for weights and KV pool"),
                integer(
                        "context-length",
                        "--context-length",
                        null,
                        1,
                        1 << 24,
                        "Context limit; default from config.json"),
                integer(
                        "max-running-requests",
                        "--max-running-requests",
                        null,
                        1,
                        65536,
                        "Concurrent running requests"),
                integer("max-queued-requests", "--max-queued-requests", null, 1, 1 << 20, "Queue cap"),
                integer(
                        "chunked-prefill-size",
                        "--chunked-prefill-size",
                        null,
                        -1,
                        1 << 20,
                        "Prefill chunk tokens; -1 disables"),
                integer("max-prefill-tokens", "--max-prefill-tokens", 16384, 1, 1 << 24, "Prefill batch token budget"),
                choice(
                        "schedule-policy",
                        "--schedule-policy",
                        "fcfs",
                        List.of("fcfs", "lpm", "random", "dfs-weight", "lof", "priority"),
                        "Request scheduling"),
                choice("dtype", "--dtype", "auto", DTYPES, "Dtype"),
                choice(
                        "quantization",
                        "--quantization",
                        null,
                        List.of(
                                "awq",
                                "fp8",
                                "gptq",
                                "marlin",
                                "gptq_marlin",
                                "awq_marlin",
                                "bitsandbytes",
                                "gguf",
                                "w8a8_int8",
                                "w8a8_fp8"),
                        "Quantization method"),
                choice(
                        "kv-cache-dtype",
                        "--kv-cache-dtype",
                        "auto",
                        List.of("auto", "fp8_e5m2", "fp8_e4m3", "bf16"),
                        "KV cache dtype"),
                toggle(
                                "trust-remote-code",
                                "--trust-remote-code",
                                "Run model code shipped with the checkpoint (admins only)")
                        .forAdminsOnly(),
                toggle("enable-metrics", "--enable-metrics", "Expose /metrics"),
                template("chat-template", "--chat-template", "Chat template (Jinja text) instead of the tokenizer's"),
                toggle("is-embedding", "--is-embedding", "Serve a causal LM as an embedding model"),
                toggle("enable-lora", "--enable-lora", "Serve LoRA adapters"));
        return new RuntimeSpec(
                "sglang",
                "SGLang",
                false,
                Set.of(SAFETENSORS),
                GENERATION_AND_EMBEDDINGS,
                Set.of("cuda", "rocm", "cpu"),
                List.of("python3", "-c", "import sglang; print(sglang.__version__)"),
                "/health",
                Duration.ofMinutes(20),
                args,
                (runtime, r) -> spec(
                        runtime,
                        r,
                        new ArgvBuilder(runtime, "python3", "-m", "sglang.launch_server")
                                .add("--model-path", r.modelPath().toString(), "--host", r.host(), "--port", port(r))
                                .add("--served-model-name", r.servedName())
                                .add("--api-key", r.token())
                                .add(tensorParallelDefault(r, "tp-size", "--tp-size"))),
                Optional.empty(),
                "max-running-requests");
    }

    private static RuntimeSpec tgi() {
        List<EngineArg> args = List.of(
                integer(
                        "num-shard",
                        "--num-shard",
                        null,
                        1,
                        64,
                        "Tensor-parallel shards; default: the resource's GPUs"),
                choice(
                        "quantize",
                        "--quantize",
                        null,
                        List.of(
                                "awq",
                                "compressed-tensors",
                                "eetq",
                                "exl2",
                                "gptq",
                                "marlin",
                                "bitsandbytes",
                                "bitsandbytes-nf4",
                                "bitsandbytes-fp4",
                                "fp8"),
                        "Quantization"),
                choice("dtype", "--dtype", null, List.of("float16", "bfloat16"), "Dtype (not with quantize)"),
                choice("kv-cache-dtype", "--kv-cache-dtype", null, List.of("fp8_e4m3fn", "fp8_e5m2"), "KV cache dtype"),
                integer("max-input-tokens", "--max-input-tokens", null, 1, 1 << 24, "Longest prompt"),
                integer("max-total-tokens", "--max-total-tokens", null, 1, 1 << 24, "Prompt + new tokens per request"),
                integer(
                        "max-batch-prefill-tokens",
                        "--max-batch-prefill-tokens",
                        null,
                        1,
                        1 << 24,
                        "Prefill token budget"),
                integer(
                        "max-batch-total-tokens",
                        "--max-batch-total-tokens",
                        null,
                        1,
                        1 << 26,
                        "Total batch token budget"),
                integer("max-batch-size", "--max-batch-size", null, 1, 65536, "Hard batch cap"),
                integer("max-concurrent-requests", "--max-concurrent-requests", 128, 1, 1 << 20, "Above this, 429"),
                decimal("cuda-memory-fraction", "--cuda-memory-fraction", 1.0, 0.01, 1.0, "GPU memory share"),
                toggle(
                                "trust-remote-code",
                                "--trust-remote-code",
                                "Run model code shipped with the checkpoint (admins only)")
                        .forAdminsOnly(),
                integer("speculate", "--speculate", null, 1, 16, "Speculative tokens"),
                integer("max-client-batch-size", "--max-client-batch-size", 4, 1, 1024, "Inputs per request"),
                integer(
                        "payload-limit",
                        "--payload-limit",
                        2_000_000,
                        1,
                        Integer.MAX_VALUE,
                        "Request body limit in bytes"),
                integer(
                        "graceful-termination-timeout",
                        "--graceful-termination-timeout",
                        90,
                        0,
                        3600,
                        "Drain seconds on SIGTERM"));
        return new RuntimeSpec(
                "tgi",
                "Text Generation Inference",
                false,
                Set.of(SAFETENSORS),
                GENERATION,
                GPU,
                List.of("text-generation-launcher", "--version"),
                "/health",
                Duration.ofMinutes(20),
                args,
                (runtime, r) -> spec(
                        runtime,
                        r,
                        new ArgvBuilder(
                                        runtime,
                                        "text-generation-launcher",
                                        "--model-id",
                                        r.modelPath().toString())
                                .add("--hostname", r.host(), "--port", port(r))
                                .env("API_KEY", r.token())
                                .add(tensorParallelDefault(r, "num-shard", "--num-shard"))),
                Optional.empty(),
                "max-concurrent-requests");
    }

    private static RuntimeSpec llamaServer() {
        List<EngineArg> args = List.of(
                integer(
                        "ctx-size",
                        "--ctx-size",
                        0,
                        0,
                        1 << 24,
                        "Total context, split across slots; 0 takes the model's"),
                text("n-gpu-layers", "--n-gpu-layers", null, "Layers on the GPU: a number, 'auto' or 'all'"),
                integer("parallel", "--parallel", null, 1, 256, "Server slots"),
                onByDefault("cont-batching", "--cont-batching", "--no-cont-batching", "Continuous batching"),
                integer("threads", "--threads", null, 1, 1024, "CPU threads"),
                integer("batch-size", "--batch-size", 2048, 1, 1 << 16, "Logical batch"),
                integer("ubatch-size", "--ubatch-size", 512, 1, 1 << 16, "Physical batch"),
                choice("flash-attn", "--flash-attn", "auto", List.of("on", "off", "auto"), "Flash attention"),
                choice("cache-type-k", "--cache-type-k", "f16", LLAMA_CACHE_TYPES, "K cache type"),
                choice("cache-type-v", "--cache-type-v", "f16", LLAMA_CACHE_TYPES, "V cache type"),
                toggle("embeddings", "--embeddings", "Embedding-only server"),
                choice(
                        "pooling",
                        "--pooling",
                        null,
                        List.of("none", "mean", "cls", "last", "rank"),
                        "Embedding pooling"),
                onByDefault("jinja", "--jinja", "--no-jinja", "Jinja chat templates (needed for tool calls)"),
                text("chat-template", "--chat-template", null, "A built-in template name (chatml, llama3, …)"),
                toggle("metrics", "--metrics", "Expose /metrics"),
                toggle("mlock", "--mlock", "Keep the model in RAM"),
                toggle("no-mmap", "--no-mmap", "Read the model instead of mapping it"),
                integer("timeout", "--timeout", 3600, 1, 86400, "HTTP read/write timeout in seconds"),
                model("lora", "--lora", "A LoRA adapter: a GGUF model of the registry you may use, by name or id"));
        return new RuntimeSpec(
                "llama-server",
                "llama.cpp llama-server",
                false,
                Set.of(GGUF),
                GENERATION_AND_EMBEDDINGS,
                Set.of("cpu", "cuda", "rocm"),
                List.of("llama-server", "--version"),
                "/health",
                Duration.ofMinutes(10),
                args,
                (runtime, r) -> spec(
                        runtime,
                        r,
                        new ArgvBuilder(
                                        runtime,
                                        "llama-server",
                                        "-m",
                                        r.modelPath().toString())
                                .add("--host", r.host(), "--port", port(r), "--alias", r.servedName())
                                .env("LLAMA_API_KEY", r.token())),
                Optional.empty(),
                "parallel");
    }

    private static RuntimeSpec ollama() {
        List<EngineArg> args = List.of(
                integer("num-parallel", "OLLAMA_NUM_PARALLEL", 1, 1, 64, "Parallel requests per model")
                        .via(ArgTarget.ENV),
                integer("max-queue", "OLLAMA_MAX_QUEUE", 512, 1, 1 << 20, "Queued requests before 503")
                        .via(ArgTarget.ENV),
                text("keep-alive", "OLLAMA_KEEP_ALIVE", "5m", "How long the model stays loaded (-1: forever)")
                        .via(ArgTarget.ENV),
                toggle("flash-attention", "OLLAMA_FLASH_ATTENTION", "Flash attention")
                        .via(ArgTarget.ENV),
                choice("kv-cache-type", "OLLAMA_KV_CACHE_TYPE", "f16", List.of("f16", "q8_0", "q4_0"), "KV cache type")
                        .via(ArgTarget.ENV),
                integer("num-ctx", "num_ctx", null, 1, 1 << 24, "Context length")
                        .via(ArgTarget.MODELFILE),
                decimal("temperature", "temperature", null, 0.0, 2.0, "Default sampling temperature")
                        .via(ArgTarget.MODELFILE));
        return new RuntimeSpec(
                "ollama",
                "Ollama",
                false,
                Set.of(GGUF),
                GENERATION_AND_EMBEDDINGS,
                Set.of("cpu", "cuda", "rocm"),
                List.of("ollama", "--version"),
                "/api/version",
                Duration.ofMinutes(10),
                args,
                RuntimeCatalog::ollamaLaunch,
                Optional.empty(),
                "num-parallel");
    }

    /**
     * Ollama serves from its own store: start {@code ollama serve} on the replica's port (its
     * settings are environment variables), then {@code ollama create} the model from a generated
     * Modelfile that points at the registry's GGUF.
     */
    private static LaunchSpec ollamaLaunch(RuntimeSpec runtime, LaunchRequest r) {
        ArgvBuilder builder = new ArgvBuilder(runtime, "ollama", "serve")
                .env("OLLAMA_HOST", r.host() + ":" + r.port())
                .env("OLLAMA_MODELS", r.workDir().resolve("ollama-models").toString())
                .engineArgs(r.engineArgs(), r.workDir());
        StringBuilder modelfile =
                new StringBuilder("FROM ").append(r.modelPath()).append('\n');
        builder.modelfileParameters().forEach(line -> modelfile.append(line).append('\n'));
        String modelfilePath = r.workDir().resolve("Modelfile").toString();
        return new LaunchSpec(
                builder.argv(),
                builder.env(),
                r.workDir(),
                Map.of(modelfilePath, modelfile.toString()),
                List.of(List.of("ollama", "create", r.servedName(), "-f", modelfilePath)),
                runtime.healthPath(),
                runtime.readinessTimeout());
    }

    private static RuntimeSpec transformers() {
        List<EngineArg> args = List.of(
                choice("device", "--device", "auto", List.of("auto", "cpu", "cuda"), "Where the pipeline runs"),
                choice("dtype", "--dtype", "auto", List.of("auto", "float16", "bfloat16", "float32"), "Dtype"),
                toggle(
                                "trust-remote-code",
                                "--trust-remote-code",
                                "Run model code shipped with the checkpoint (admins only)")
                        .forAdminsOnly(),
                integer("max-batch-size", "--max-batch-size", 1, 1, 256, "Inputs per forward pass"));
        return new RuntimeSpec(
                "transformers",
                "Transformers pipeline",
                false,
                Set.of(SAFETENSORS),
                Set.of(
                        "text-generation",
                        "text-classification",
                        "question-answering",
                        "image-classification",
                        "embeddings"),
                Set.of("cpu", "cuda"),
                List.of("python3", "-c", "import transformers; print(transformers.__version__)"),
                "/health",
                Duration.ofMinutes(10),
                args,
                (runtime, r) -> {
                    throw new IllegalStateException("transformers is not launchable yet");
                },
                Optional.of("Hangar's pipeline server for transformers is not part of this release yet"),
                null);
    }

    /**
     * Router endpoints: no process and no model files; the gateway forwards their requests to an
     * external OpenAI-compatible provider named by the endpoint's upstream. Accepts no registry model.
     */
    private static RuntimeSpec openAiCompatible() {
        return new RuntimeSpec(
                RuntimeSpec.ROUTER,
                "OpenAI-compatible provider (router)",
                false,
                Set.of(),
                GENERATION_AND_EMBEDDINGS,
                Set.of(),
                List.of(),
                "/models",
                Duration.ofSeconds(30),
                List.of(),
                (runtime, r) -> {
                    throw new IllegalStateException("a router endpoint starts no process");
                },
                Optional.empty(),
                null);
    }

    /** Tensor parallelism follows the resource's GPU count unless the user set it. */
    private static String[] tensorParallelDefault(LaunchRequest r, String arg, String flag) {
        return r.gpus() > 1 ? unlessSet(r, arg, flag, r.gpus()) : new String[0];
    }

    /** The built-in worker computes with the replica's share of the machine unless the user set {@code threads}. */
    private static String[] threadsDefault(LaunchRequest r) {
        return r.threads() > 0 ? unlessSet(r, "threads", "--threads", r.threads()) : new String[0];
    }

    /** {@code flag value}, where the user did not set the engine argument {@code arg} themselves. */
    private static String[] unlessSet(LaunchRequest r, String arg, String flag, int value) {
        return r.engineArgs().containsKey(arg) ? new String[0] : new String[] {flag, Integer.toString(value)};
    }

    private static String port(LaunchRequest r) {
        return Integer.toString(r.port());
    }

    private static LaunchSpec spec(RuntimeSpec runtime, LaunchRequest r, ArgvBuilder builder) {
        builder.engineArgs(r.engineArgs(), r.workDir());
        return new LaunchSpec(
                builder.argv(),
                builder.env(),
                r.workDir(),
                builder.files(),
                List.of(),
                runtime.healthPath(),
                runtime.readinessTimeout());
    }
}
