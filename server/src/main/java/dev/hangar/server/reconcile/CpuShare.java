package dev.hangar.server.reconcile;

/**
 * The CPU threads a built-in llama.cpp replica computes with when its endpoint does not set
 * {@code threads} (the launch passes it as {@code --threads}). llama.cpp's threads wait for one
 * another at every step of a token by spinning, so when a machine runs more of them than it has
 * cores, each step waits until the scheduler runs the thread that was put aside: on two busy cores,
 * two replicas of two threads each answered 15 to 30 times slower than two replicas of one thread
 * (bench/cpu-share.sh). A replica therefore gets its resource's CPUs, but no more than its even
 * share of the machine's cores among the endpoint's replicas.
 */
final class CpuShare {

    private CpuShare() {}

    static int threads(int resourceCpus, int machineCores, int replicas) {
        return Math.max(1, Math.min(resourceCpus, machineCores / Math.max(1, replicas)));
    }
}
