package dev.hangar.worker.llama;

import java.util.Optional;

/**
 * How many of a context's threads each decode uses: one, or all of them, whichever decodes faster now. ggml's threads
 * meet at a spinning barrier after every operation of the model's graph; when the machine has fewer free cores than
 * threads, each barrier waits for the scheduler to run a thread it put aside, and a decode takes tens of times longer
 * than on one thread. So the choice is measured rather than assumed: every decode's time per token is kept per batch
 * size, and now and then one decode runs with the other count (a probe). A probe that is clearly faster switches; one
 * that is not doubles the wait before the next, up to {@link #LONGEST_WAIT_NANOS}. Decoding on all threads at several
 * times the time per token one thread last took switches to one thread at once (the machine got busy).
 *
 * <p>A probe of all threads on a busy machine costs one very slow decode, so it is skipped (and counted as one that
 * failed) when the decode thread itself waited for a CPU more than {@link #BUSY} of its runnable time since the last
 * probe was due: the cores are taken already.
 *
 * <p>Starts on one thread, the safe choice on a busy machine; the first probe comes {@link #FIRST_WAIT_NANOS} after
 * the first decode. Times are passed in, so the choice is a function of what was measured.
 */
final class DecodeThreads {
    static final long FIRST_WAIT_NANOS = 1_000_000_000L;
    static final long LONGEST_WAIT_NANOS = 64_000_000_000L;
    /** A probe switches when its time per token is below this share of the current count's. */
    static final double CLEARLY_FASTER = 0.9;
    /** All threads at this many times one thread's time per token fall back to one thread without a probe. */
    static final double CONTENDED = 2;
    /** The share of its runnable time the decode thread waited for a CPU above which no core is free for a probe. */
    static final double BUSY = 0.1;

    private static final int BUCKETS = 32;

    private final int most;
    private final ThreadCpuTimes.Source cpuTimes;
    /** Nanoseconds per token, by [all threads ? 1 : 0][batch size bucket]; 0 when not measured yet. */
    private final double[][] perToken = new double[2][BUCKETS];

    private boolean all;
    private boolean probing;
    private long wait = FIRST_WAIT_NANOS;
    private long nextProbe = -1;
    private Optional<ThreadCpuTimes> atLastProbe = Optional.empty();

    /**
     * @param most the context's threads; with one there is nothing to choose
     * @param cpuTimes the decode thread's CPU times (read on that thread)
     */
    DecodeThreads(int most, ThreadCpuTimes.Source cpuTimes) {
        if (most < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.most = most;
        this.cpuTimes = cpuTimes;
    }

    /** The threads for a decode of {@code tokens} tokens starting at {@code now} (nanoseconds, any origin). */
    int forDecode(int tokens, long now) {
        if (most == 1) {
            return 1;
        }
        if (nextProbe < 0) {
            nextProbe = now + wait;
            atLastProbe = cpuTimes.read();
        }
        int bucket = bucket(tokens);
        probing = now >= nextProbe && perToken[index(all)][bucket] > 0;
        if (probing && !all && coresTaken()) {
            probing = false;
            wait = Math.min(2 * wait, LONGEST_WAIT_NANOS);
            nextProbe = now + wait;
        }
        return count(probing != all);
    }

    /** Records a decode of {@code tokens} tokens on {@code threads} threads that took {@code nanos}, ending at {@code now}. */
    void decoded(int threads, int tokens, long nanos, long now) {
        if (most == 1) {
            return;
        }
        boolean onAll = threads == most;
        int bucket = bucket(tokens);
        double time = (double) nanos / tokens;
        double one = perToken[0][bucket];
        perToken[index(onAll)][bucket] = time;
        if (probing) {
            probing = false;
            if (time < CLEARLY_FASTER * perToken[index(all)][bucket]) {
                all = onAll;
                wait = FIRST_WAIT_NANOS;
            } else {
                wait = Math.min(2 * wait, LONGEST_WAIT_NANOS);
            }
            nextProbe = now + wait;
            atLastProbe = cpuTimes.read();
        } else if (onAll && one > 0 && time > CONTENDED * one) {
            all = false;
            wait = FIRST_WAIT_NANOS;
            nextProbe = now + wait;
            atLastProbe = cpuTimes.read();
        }
    }

    /** Whether this thread waited for a CPU more than {@link #BUSY} of the time since the last probe was due. */
    private boolean coresTaken() {
        Optional<ThreadCpuTimes> earlier = atLastProbe;
        atLastProbe = cpuTimes.read();
        return earlier.isPresent()
                && atLastProbe.isPresent()
                && atLastProbe.get().waitingShareSince(earlier.get()) > BUSY;
    }

    /** Whether decodes now use all threads (else one). */
    boolean onAllThreads() {
        return all;
    }

    private int count(boolean allThreads) {
        return allThreads ? most : 1;
    }

    private static int index(boolean allThreads) {
        return allThreads ? 1 : 0;
    }

    /** Batch sizes by powers of two: 1, 2, 3–4, 5–8, … */
    private static int bucket(int tokens) {
        return Math.min(BUCKETS - 1, 32 - Integer.numberOfLeadingZeros(Math.max(1, tokens) - 1));
    }
}
