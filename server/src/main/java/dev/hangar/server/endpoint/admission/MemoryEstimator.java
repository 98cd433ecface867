package dev.hangar.server.endpoint.admission;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.server.core.ByteSizes;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.registry.ModelFacts;
import dev.hangar.server.runtime.EngineArg;
import dev.hangar.server.runtime.RuntimeCatalog;
import dev.hangar.server.runtime.RuntimeSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Estimates the memory one replica needs before anything starts, so that a deployment that cannot
 * fit is refused with numbers (see {@link Admission}) instead of running the machine out of
 * memory. A pure function of the model's facts, its size on disk, the runtime and the engine
 * arguments (validated, only those that differ from the defaults: the catalog supplies the rest).
 *
 * <p><b>GGUF on llama.cpp runtimes</b> (the built-in worker, {@code llama-server}, Ollama):
 *
 * <ul>
 *   <li>weights: the file, mapped into memory whole;
 *   <li>KV cache: K and V for every layer and every token of the context, {@code 2 × layers × ctx
 *       × kvHeads × headDim} elements of the cache type (f16 unless the runtime has a cache-type
 *       argument), headDim = embedding length / heads. The context is the total across slots;
 *   <li>overhead: the process ({@value #JVM_WORKER_MIB} MiB for the JVM worker, {@value
 *       #NATIVE_SERVER_MIB} MiB for a native server) plus the attention scratch of one micro-batch
 *       against the whole context, scores and their softmax in f32: {@code 2 × ubatch × ctx × heads
 *       × 4} bytes, the largest part of llama.cpp's compute buffer (without flash attention, the
 *       worst case).
 * </ul>
 *
 * Measured: the built-in worker with an 85M-parameter Q8_0 model (13 layers, 768 wide, 12 heads, 6
 * KV heads) at ctx 4096 holds about 115 MiB beside its weights and KV cache when idle, and peaked
 * at 424 MiB resident after a 3,800-token prompt; this estimate says 485 MiB.
 *
 * <p><b>Safetensors runtimes</b> (vLLM, SGLang, TGI, transformers) size their KV cache themselves
 * from the memory they are given; the estimate is the weights plus 20 % for activations and
 * buffers, a floor rather than a forecast. It is GPU memory when the runtime runs only on GPUs.
 */
@Component
public class MemoryEstimator {

    static final long JVM_WORKER_MIB = 128;
    static final long NATIVE_SERVER_MIB = 64;

    /**
     * llama-server's and the built-in worker's default context (the worker takes it per slot), the
     * context assumed for a model that does not state its own, and Ollama's {@code num_ctx} default.
     */
    static final long DEFAULT_CONTEXT = 4096;

    /** llama.cpp's physical batch ({@code --ubatch-size}); the built-in worker always uses it. */
    static final long MICRO_BATCH = 512;

    private static final long MIB = 1024 * 1024;
    private static final int F32_BYTES = 4;

    private final RuntimeCatalog catalog;

    public MemoryEstimator(RuntimeCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param weightsBytes the model's size on disk
     * @param engineArgs validated engine arguments that differ from the runtime's defaults
     * @throws IllegalArgumentException if the catalog has no such runtime
     */
    public MemoryEstimate estimate(
            ModelFacts facts, long weightsBytes, String runtimeName, Map<String, Object> engineArgs) {
        RuntimeSpec runtime = catalog.find(runtimeName)
                .orElseThrow(() -> new IllegalArgumentException("no runtime '" + runtimeName + "' in the catalog"));
        EngineSettings args = new EngineSettings(runtime, engineArgs);
        return switch (runtime.name()) {
            case "llama.cpp" -> llamaCpp(facts, weightsBytes, builtInWorker(facts, args));
            case "llama-server" -> llamaCpp(facts, weightsBytes, llamaServer(facts, args));
            case "ollama" -> llamaCpp(facts, weightsBytes, ollama(args));
            default -> selfManaged(runtime, weightsBytes);
        };
    }

    /**
     * The worker's context is {@code --ctx-size} across all slots; without it each slot gets the
     * model's context capped at 4096 (WorkerOptions.DEFAULT_MAX_CONTEXT). Its micro-batch is 512
     * tokens, or the batch size when smaller; its cache is f16.
     */
    private static LlamaCppReplica builtInWorker(ModelFacts facts, EngineSettings args) {
        long perSlot = Math.min(trainedContext(facts), DEFAULT_CONTEXT);
        return new LlamaCppReplica(
                args.number("ctx-size").orElse(perSlot * args.number("parallel").orElseThrow()),
                GgmlType.F16,
                GgmlType.F16,
                Math.min(MICRO_BATCH, args.number("batch-size").orElseThrow()),
                JVM_WORKER_MIB * MIB,
                "JVM worker");
    }

    /** llama-server splits {@code --ctx-size} across its slots; 0, the default, takes the model's whole context. */
    private static LlamaCppReplica llamaServer(ModelFacts facts, EngineSettings args) {
        return new LlamaCppReplica(
                args.number("ctx-size").filter(ctx -> ctx > 0).orElse(trainedContext(facts)),
                args.cacheType("cache-type-k"),
                args.cacheType("cache-type-v"),
                Math.min(
                        args.number("ubatch-size").orElseThrow(),
                        args.number("batch-size").orElseThrow()),
                NATIVE_SERVER_MIB * MIB,
                "llama-server");
    }

    /** Ollama gives each of its parallel requests {@code num_ctx} cells of one cache type. */
    private static LlamaCppReplica ollama(EngineSettings args) {
        return new LlamaCppReplica(
                args.number("num-ctx").orElse(DEFAULT_CONTEXT)
                        * args.number("num-parallel").orElseThrow(),
                args.cacheType("kv-cache-type"),
                args.cacheType("kv-cache-type"),
                MICRO_BATCH,
                NATIVE_SERVER_MIB * MIB,
                "ollama");
    }

    /**
     * What a llama.cpp replica is started with, as far as memory goes.
     *
     * @param context total KV cells across all slots
     * @param microBatch tokens computed in one step of prompt processing
     */
    private record LlamaCppReplica(
            long context, GgmlType keyType, GgmlType valueType, long microBatch, long processBytes, String process) {}

    private static MemoryEstimate llamaCpp(ModelFacts facts, long weightsBytes, LlamaCppReplica replica) {

        if (facts.layers() == null || facts.heads() == null || facts.embeddingLength() == null || facts.heads() == 0) {
            return new MemoryEstimate(
                    weightsBytes,
                    0,
                    MessageCode.MEMORY_KV_NOT_ESTIMATED.with(),
                    replica.processBytes(),
                    MessageCode.MEMORY_PROCESS.with(
                            "process", replica.process(), "bytes", ByteSizes.bytes(replica.processBytes())),
                    false);
        }
        long layers = facts.layers();
        long heads = facts.heads();
        long kvHeads = facts.kvHeads() == null ? heads : facts.kvHeads();
        long headDim = facts.embeddingLength() / heads;
        long ctx = replica.context();
        long kvBytes = layers
                * ctx
                * (rowBytes(replica.keyType(), kvHeads * headDim) + rowBytes(replica.valueType(), kvHeads * headDim));
        long scratchBytes = 2 * replica.microBatch() * ctx * heads * F32_BYTES;
        Message kvBasis = replica.keyType() == replica.valueType()
                ? MessageCode.MEMORY_KV_BASIS.with(
                        "ctx",
                        ctx,
                        "layers",
                        layers,
                        "kvHeads",
                        kvHeads,
                        "headDim",
                        headDim,
                        "type",
                        typeName(replica.keyType()))
                : MessageCode.MEMORY_KV_BASIS_MIXED.with(
                        "ctx",
                        ctx,
                        "layers",
                        layers,
                        "kvHeads",
                        kvHeads,
                        "headDim",
                        headDim,
                        "keyType",
                        typeName(replica.keyType()),
                        "valueType",
                        typeName(replica.valueType()));
        return new MemoryEstimate(
                weightsBytes,
                kvBytes,
                kvBasis,
                replica.processBytes() + scratchBytes,
                MessageCode.MEMORY_OVERHEAD_SCRATCH.with(
                        "process",
                        replica.process(),
                        "processBytes",
                        ByteSizes.bytes(replica.processBytes()),
                        "scratch",
                        ByteSizes.bytes(scratchBytes),
                        "batch",
                        replica.microBatch()),
                false);
    }

    private static MemoryEstimate selfManaged(RuntimeSpec runtime, long weightsBytes) {
        return new MemoryEstimate(
                weightsBytes,
                0,
                null,
                weightsBytes / 5,
                MessageCode.MEMORY_OVERHEAD_SELF_MANAGED.with("runtime", runtime.name()),
                !runtime.devices().contains("cpu"));
    }

    /** The context a model was trained for, or the default when its files do not say. */
    private static long trainedContext(ModelFacts facts) {
        return facts.contextLength() == null ? DEFAULT_CONTEXT : facts.contextLength();
    }

    /** Bytes of one cache row: whole blocks of the cache type. */
    private static long rowBytes(GgmlType type, long elements) {
        return Math.ceilDiv(elements, type.blockSize()) * type.bytesPerBlock();
    }

    private static String typeName(GgmlType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** Engine arguments as the runtime will see them: the value given, else the catalog's default. */
    private record EngineSettings(RuntimeSpec runtime, Map<String, Object> given) {

        Optional<Object> value(String name) {
            return Optional.ofNullable(given.get(name))
                    .or(() -> runtime.arg(name).map(EngineArg::defaultValue));
        }

        Optional<Long> number(String name) {
            return value(name).map(v -> ((Number) v).longValue());
        }

        /** A KV cache type by its llama.cpp name ({@code q8_0}); f16 where the runtime has no such argument. */
        GgmlType cacheType(String name) {
            return value(name)
                    .map(v -> GgmlType.valueOf(v.toString().toUpperCase(Locale.ROOT)))
                    .orElse(GgmlType.F16);
        }
    }
}
