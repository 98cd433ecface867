package dev.hangar.server.endpoint.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final long MIB = 1024 * 1024;

    /** 162 + 64 + 150 = 376 MiB of RAM per replica. */
    private static final MemoryEstimate REPLICA = new MemoryEstimate(
            162 * MIB,
            64 * MIB,
            MessageCode.MEMORY_KV_BASIS.with("ctx", 4096, "layers", 16, "kvHeads", 4, "headDim", 64, "type", "f16"),
            150 * MIB,
            MessageCode.REASON_DETAIL.with("detail", "JVM worker"),
            false);

    @Test
    void deploymentThatFitsResourceAndMachineIsAdmitted() {
        assertThatCode(() -> Admission.check(REPLICA, 2, "cpu-small", 512 * MIB, 752 * MIB))
                .doesNotThrowAnyException();
    }

    @Test
    void replicaLargerThanItsResourceIsRefusedWithBothNumbersAndTheBreakdown() {
        ApiException refusal = catchThrowableOfType(
                ApiException.class, () -> Admission.check(REPLICA, 1, "cpu-tiny", 256 * MIB, 64_000 * MIB));

        assertThat(refusal.type()).isEqualTo(ProblemType.INSUFFICIENT_MEMORY);
        assertThat(refusal.type().status().value()).isEqualTo(422);
        assertThat(refusal.type().slug()).isEqualTo("insufficient-memory");
        assertThat(refusal.getMessage())
                .isEqualTo("Endpoint needs 376.0 MiB of memory per replica; resource cpu-tiny has 256.0 MiB per"
                        + " replica. Per replica: weights 162.0 MiB + KV cache 64.0 MiB (ctx 4096 × 16 layers × 4 KV"
                        + " heads × 64 dims × K and V in f16) + overhead 150.0 MiB (JVM worker) = 376.0 MiB. Pick a"
                        + " resource with more memory, or a smaller context.");
    }

    @Test
    void replicasTogetherLargerThanTheMachinesFreeMemoryAreRefused() {
        ApiException refusal = catchThrowableOfType(
                ApiException.class, () -> Admission.check(REPLICA, 2, "cpu-small", 512 * MIB, 700 * MIB));

        assertThat(refusal.type()).isEqualTo(ProblemType.INSUFFICIENT_MEMORY);
        assertThat(refusal.getMessage())
                .startsWith("Endpoint needs 2 × 376.0 MiB = 752.0 MiB of memory; this machine has 700.0 MiB"
                        + " available. Per replica: weights 162.0 MiB")
                .endsWith("Deploy fewer replicas, or free memory first.");
    }

    @Test
    void gpuEstimateIsRefusedInGpuMemoryWithoutTalkingOfContext() {
        MemoryEstimate onGpu = new MemoryEstimate(
                10_000 * MIB,
                0,
                null,
                2_000 * MIB,
                MessageCode.MEMORY_OVERHEAD_SELF_MANAGED.with("runtime", "vllm"),
                true);

        ApiException refusal = catchThrowableOfType(
                ApiException.class, () -> Admission.check(onGpu, 1, "gpu-l4", 8_192 * MIB, 80_000 * MIB));

        assertThat(refusal.getMessage())
                .startsWith(
                        "Endpoint needs 11.7 GiB of GPU memory per replica; resource gpu-l4 has 8.0 GiB per replica.")
                .endsWith("= 11.7 GiB of GPU memory. Pick a resource with more memory.");
    }
}
