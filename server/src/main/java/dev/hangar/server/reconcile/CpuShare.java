package dev.hangar.server.reconcile;

import java.util.HashMap;
import java.util.Map;

/**
 * The CPU threads a built-in llama.cpp replica computes with when its endpoint does not set
 * {@code threads}. llama.cpp's threads wait for one another at every step of a token by spinning,
 * so when a machine runs more of them than it has cores, each step waits until the scheduler runs
 * the thread that was put aside: on two busy cores, two replicas of two threads each answered 15 to
 * 30 times slower than two replicas of one thread (bench/cpu-share.sh). A replica therefore gets its
 * resource's CPUs, but no more than its even share of the machine's cores among the endpoint's
 * replicas.
 */
final class CpuShare {

    static final String THREADS = "threads";

    private CpuShare() {}

    static int threads(int resourceCpus, int machineCores, int replicas) {
        return Math.max(1, Math.min(resourceCpus, machineCores / Math.max(1, replicas)));
    }

    /** {@code engineArgs} with {@code threads} set to the replica's share, unless the endpoint set it. */
    static Map<String, Object> applied(
            Map<String, Object> engineArgs, int resourceCpus, int machineCores, int replicas) {
        if (engineArgs.containsKey(THREADS)) {
            return engineArgs;
        }
        Map<String, Object> withThreads = new HashMap<>(engineArgs);
        withThreads.put(THREADS, threads(resourceCpus, machineCores, replicas));
        return withThreads;
    }
}
