package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuShareTest {

    @Test
    void replicasOfOneEndpointShareTheMachinesCores() {
        assertThat(CpuShare.threads(2, 2, 2))
                .as("two replicas of cpu-small on two cores")
                .isEqualTo(1);
        assertThat(CpuShare.threads(8, 8, 4)).isEqualTo(2);
    }

    @Test
    void aReplicaGetsNoMoreThanItsResourcesCpus() {
        assertThat(CpuShare.threads(2, 16, 1)).isEqualTo(2);
        assertThat(CpuShare.threads(16, 16, 1)).as("the whole machine").isEqualTo(16);
    }

    @Test
    void everyReplicaComputesWithAtLeastOneThread() {
        assertThat(CpuShare.threads(2, 2, 5)).isEqualTo(1);
        assertThat(CpuShare.threads(1, 1, 0)).isEqualTo(1);
    }
}
