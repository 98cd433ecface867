package dev.hangar.server.endpoint.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.registry.ModelFacts;
import dev.hangar.server.registry.ModelFormat;
import dev.hangar.server.runtime.RuntimeCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The numbers are worked out by hand for a small llama: 12 layers, 768 wide, 12 heads of 64 dims,
 * 4 KV heads, so one token's K and V in f16 take 2 × 12 × 4 × 64 × 2 = 12,288 bytes.
 */
class MemoryEstimatorTest {

    private static final long MIB = 1024 * 1024;
    private static final long WEIGHTS = 170 * MIB;

    private final MemoryEstimator estimator = new MemoryEstimator(new RuntimeCatalog());

    private static ModelFacts gguf(Long contextLength) {
        return new ModelFacts(
                ModelFormat.GGUF,
                "llama",
                110_000_000L,
                contextLength,
                768L,
                12L,
                12L,
                4L,
                "Q8_0",
                "llama",
                32000L,
                null,
                null,
                null);
    }

    @Test
    void builtInWorkerTakesTheModelsContextCappedAt4096AndSaysHowItAddsUp() {
        MemoryEstimate estimate = estimator.estimate(gguf(8192L), WEIGHTS, "llama.cpp", Map.of());

        assertThat(estimate.weightsBytes()).isEqualTo(WEIGHTS);
        assertThat(estimate.kvCacheBytes()).isEqualTo(4096 * 12_288L).isEqualTo(48 * MIB);
        // JVM worker 128 MiB + scores and softmax of 512 tokens against 4096 cells, 12 heads, f32: 192 MiB.
        assertThat(estimate.overheadBytes()).isEqualTo(128 * MIB + 2 * 512 * 4096 * 12 * 4L);
        assertThat(estimate.totalBytes()).isEqualTo((170 + 48 + 128 + 192) * MIB);
        assertThat(estimate.device()).isFalse();
        assertThat(estimate.describe().text())
                .isEqualTo(
                        "weights 170.0 MiB + KV cache 48.0 MiB (ctx 4096 × 12 layers × 4 KV heads × 64 dims × K and V"
                                + " in f16) + overhead 320.0 MiB (JVM worker 128.0 MiB + attention scratch 192.0 MiB for"
                                + " 512-token batches) = 538.0 MiB");
    }

    @Test
    void builtInWorkerKeepsAShorterTrainedContextAndAssumes4096WhenTheModelDoesNotSay() {
        assertThat(estimator
                        .estimate(gguf(2048L), WEIGHTS, "llama.cpp", Map.of())
                        .kvCacheBytes())
                .isEqualTo(24 * MIB);
        assertThat(estimator
                        .estimate(gguf(null), WEIGHTS, "llama.cpp", Map.of())
                        .kvCacheBytes())
                .isEqualTo(48 * MIB);
    }

    @Test
    void builtInWorkerGivesEachSlotTheDefaultContextUnlessCtxSizeSetsTheTotal() {
        MemoryEstimate fourSlots = estimator.estimate(gguf(8192L), WEIGHTS, "llama.cpp", Map.of("parallel", 4L));
        MemoryEstimate fourSlotsSharing1024 =
                estimator.estimate(gguf(8192L), WEIGHTS, "llama.cpp", Map.of("parallel", 4L, "ctx-size", 1024L));

        assertThat(fourSlots.kvCacheBytes()).isEqualTo(4 * 48 * MIB);
        assertThat(fourSlots.kvCacheBasis().text()).startsWith("ctx 16384 ×");
        assertThat(fourSlotsSharing1024.kvCacheBytes()).isEqualTo(12 * MIB);
    }

    @Test
    void smallBatchSizeShrinksTheAttentionScratch() {
        MemoryEstimate estimate = estimator.estimate(gguf(8192L), WEIGHTS, "llama.cpp", Map.of("batch-size", 128L));

        assertThat(estimate.overheadBytes()).isEqualTo(128 * MIB + 2 * 128 * 4096 * 12 * 4L);
    }

    @Test
    void llamaServerTakesTheWholeTrainedContextByDefaultAndItsCacheTypes() {
        MemoryEstimate byDefault = estimator.estimate(gguf(8192L), WEIGHTS, "llama-server", Map.of());
        MemoryEstimate quantizedKeys =
                estimator.estimate(gguf(8192L), WEIGHTS, "llama-server", Map.of("cache-type-k", "q8_0"));

        assertThat(byDefault.kvCacheBytes()).isEqualTo(96 * MIB);
        assertThat(byDefault.overheadBytes()).isEqualTo(64 * MIB + 2 * 512 * 8192 * 12 * 4L);
        // A K row of 4 × 64 = 256 values is 8 q8_0 blocks of 34 bytes; a V row stays 256 × 2 bytes.
        assertThat(quantizedKeys.kvCacheBytes()).isEqualTo(12 * 8192 * (8 * 34 + 512L));
        assertThat(quantizedKeys.kvCacheBasis().text()).endsWith("K in q8_0 and V in f16");
    }

    @Test
    void ollamaKeepsNumCtxForEachParallelRequest() {
        MemoryEstimate estimate = estimator.estimate(
                gguf(8192L), WEIGHTS, "ollama", Map.of("num-ctx", 2048L, "num-parallel", 2L, "kv-cache-type", "q4_0"));

        // 2 × 2048 cells × 12 layers × (K and V: 8 q4_0 blocks of 18 bytes each).
        assertThat(estimate.kvCacheBytes()).isEqualTo(4096 * 12 * 2 * 8 * 18L);
    }

    @Test
    void ggufWithoutItsShapeCountsWeightsAndProcessAndSaysTheCacheIsNotEstimated() {
        ModelFacts shapeless = new ModelFacts(
                ModelFormat.GGUF, "mystery", null, 4096L, null, null, null, null, null, null, null, null, null, null);

        MemoryEstimate estimate = estimator.estimate(shapeless, WEIGHTS, "llama.cpp", Map.of());

        assertThat(estimate.totalBytes()).isEqualTo(WEIGHTS + 128 * MIB);
        assertThat(estimate.describe().text())
                .contains("KV cache 0 B (not estimated: the model does not state its layers");
    }

    @Test
    void gpuOnlyRuntimeNeedsTheWeightsAndAFifthMoreOfGpuMemory() {
        ModelFacts safetensors = new ModelFacts(
                ModelFormat.SAFETENSORS,
                null,
                500_000_000L,
                null,
                null,
                null,
                null,
                null,
                "BF16",
                null,
                null,
                null,
                null,
                null);

        MemoryEstimate vllm = estimator.estimate(safetensors, 1000 * MIB, "vllm", Map.of());
        MemoryEstimate sglang = estimator.estimate(safetensors, 1000 * MIB, "sglang", Map.of());

        assertThat(vllm.totalBytes()).isEqualTo(1200 * MIB);
        assertThat(vllm.device()).isTrue();
        assertThat(vllm.describe().text())
                .isEqualTo("weights 1000.0 MiB + overhead 200.0 MiB (20% of the weights for activations and buffers;"
                        + " vllm sizes its KV cache from what is left) = 1.2 GiB of GPU memory");
        assertThat(sglang.device()).as("sglang also runs on CPUs").isFalse();
    }

    @Test
    void unknownRuntimeIsAProgrammingError() {
        assertThatThrownBy(() -> estimator.estimate(gguf(8192L), WEIGHTS, "no-such-runtime", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-runtime");
    }
}
