package dev.hangar.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvidiaSmiTest {

    @Test
    void parsesEveryGpuLineOfTheCsvQuery() {
        String csv = """
                0, NVIDIA H100 80GB HBM3, 81559, GPU-1f2e3d4c-aaaa-bbbb-cccc-000000000001, 550.54.15
                1, NVIDIA H100 80GB HBM3, 81559, GPU-1f2e3d4c-aaaa-bbbb-cccc-000000000002, 550.54.15
                """;

        var gpus = NvidiaSmi.parse(csv);

        assertThat(gpus).hasSize(2);
        assertThat(gpus.get(1).index()).isEqualTo(1);
        assertThat(gpus.get(0).name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(gpus.get(0).memoryBytes()).isEqualTo(81559L * 1024 * 1024);
        assertThat(gpus.get(0).driverVersion()).isEqualTo("550.54.15");
    }

    @Test
    void skipsLinesItCannotRead() {
        assertThat(NvidiaSmi.parse("No devices were found\n0, X, [N/A], GPU-x, 1\n"))
                .isEmpty();
    }

    @Test
    void noNvidiaSmiOnThePathMeansNoGpus() {
        assertThat(NvidiaSmi.detect("/nonexistent-dir")).isEmpty();
    }
}
