package dev.hangar.worker.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the operating system counted for the calling thread since it started: nanoseconds on a CPU and nanoseconds
 * runnable but waiting for one. A thread that waits for a CPU much of the time it could run is on a machine whose
 * cores are all taken.
 */
record ThreadCpuTimes(long running, long waiting) {
    /** The share of the runnable time between {@code earlier} and this reading spent waiting for a CPU (0 to 1). */
    double waitingShareSince(ThreadCpuTimes earlier) {
        long ran = running - earlier.running;
        long waited = waiting - earlier.waiting;
        return ran + waited <= 0 ? 0 : (double) waited / (ran + waited);
    }

    /** Reads the calling thread's times. */
    @FunctionalInterface
    interface Source {
        Optional<ThreadCpuTimes> read();
    }

    /** Linux's per-thread scheduler statistics ({@code /proc/thread-self/schedstat}); empty elsewhere. */
    static Optional<ThreadCpuTimes> ofThisThread() {
        Path file = Path.of("/proc/thread-self/schedstat");
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            String[] fields = Files.readString(file).strip().split(" ");
            return Optional.of(new ThreadCpuTimes(Long.parseLong(fields[0]), Long.parseLong(fields[1])));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
