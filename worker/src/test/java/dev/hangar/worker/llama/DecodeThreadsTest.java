package dev.hangar.worker.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The choice between one thread and all of a context's threads, fed with made-up decode times. */
class DecodeThreadsTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    /** One decode of {@code tokens} tokens at {@code now} taking {@code nanos} on whatever count the choice gives. */
    private static int decode(DecodeThreads threads, int tokens, long now, long nanos) {
        int count = threads.forDecode(tokens, now);
        threads.decoded(count, tokens, nanos, now + nanos);
        return count;
    }

    @Test
    void oneThreadLeavesNothingToChoose() {
        DecodeThreads threads = new DecodeThreads(1, Optional::empty);
        for (long now = 0; now < 10 * SECOND; now += 100 * MS) {
            assertThat(decode(threads, 1, now, 50 * MS)).isEqualTo(1);
        }
        assertThatThrownBy(() -> new DecodeThreads(0, Optional::empty)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startsOnOneThreadAndMovesToAllWhenTheProbeIsClearlyFaster() {
        DecodeThreads threads = new DecodeThreads(4, Optional::empty);
        assertThat(decode(threads, 1, 0, 20 * MS)).isEqualTo(1);
        assertThat(decode(threads, 1, SECOND / 2, 20 * MS))
                .as("no probe before the first wait")
                .isEqualTo(1);

        int probe = threads.forDecode(1, SECOND);
        assertThat(probe).isEqualTo(4);
        threads.decoded(probe, 1, 12 * MS, SECOND + 12 * MS);

        assertThat(threads.onAllThreads()).isTrue();
        assertThat(decode(threads, 1, SECOND + 20 * MS, 12 * MS)).isEqualTo(4);
    }

    @Test
    void aProbeThatIsNotClearlyFasterStaysAndDoublesTheWait() {
        DecodeThreads threads = new DecodeThreads(2, Optional::empty);
        decode(threads, 1, 0, 20 * MS);
        // 0.95 of one thread's time: faster, but within the noise a single decode has
        assertThat(decode(threads, 1, SECOND, 19 * MS)).isEqualTo(2);
        assertThat(threads.onAllThreads()).isFalse();

        long probeEnd = SECOND + 19 * MS;
        long nextProbe = probeEnd + 2 * SECOND;
        assertThat(decode(threads, 1, nextProbe - MS, 20 * MS)).isEqualTo(1);
        assertThat(threads.forDecode(1, nextProbe)).isEqualTo(2);
    }

    @Test
    void waitsGrowToTheLongestAndNoFurther() {
        DecodeThreads threads = new DecodeThreads(2, Optional::empty);
        decode(threads, 1, 0, 20 * MS);
        long now = 0;
        long wait = DecodeThreads.FIRST_WAIT_NANOS;
        // each probe on both threads is slow (the machine is busy): the wait doubles after each, 1 s to 64 s in 7
        // probes
        for (int probe = 0; probe < 10; probe++) {
            now += wait;
            assertThat(decode(threads, 1, now, 900 * MS)).isEqualTo(2);
            now += 900 * MS;
            assertThat(decode(threads, 1, now + wait / 2, 20 * MS)).isEqualTo(1);
            wait = Math.min(2 * wait, DecodeThreads.LONGEST_WAIT_NANOS);
        }
        assertThat(wait).isEqualTo(DecodeThreads.LONGEST_WAIT_NANOS);
        assertThat(threads.onAllThreads()).isFalse();
    }

    @Test
    void fallsBackToOneThreadAtOnceWhenAllThreadsCrawl() {
        DecodeThreads threads = new DecodeThreads(2, Optional::empty);
        decode(threads, 1, 0, 20 * MS);
        decode(threads, 1, SECOND, 12 * MS);
        assertThat(threads.onAllThreads()).isTrue();
        assertThat(decode(threads, 1, SECOND + 100 * MS, 15 * MS)).isEqualTo(2);
        assertThat(threads.onAllThreads())
                .as("slower than before, still faster than one thread")
                .isTrue();

        // another process takes a core: the spinning barrier makes two threads far slower than one was
        assertThat(decode(threads, 1, SECOND + 200 * MS, 600 * MS)).isEqualTo(2);
        assertThat(threads.onAllThreads()).isFalse();
        assertThat(decode(threads, 1, SECOND + 900 * MS, 20 * MS)).isEqualTo(1);
    }

    @Test
    void probesOnlyABatchSizeAlreadyTimedOnTheCurrentCount() {
        DecodeThreads threads = new DecodeThreads(2, Optional::empty);
        decode(threads, 1, 0, 20 * MS);
        assertThat(threads.forDecode(512, 2 * SECOND))
                .as("a prompt chunk was never timed on one thread: nothing to compare a probe with")
                .isEqualTo(1);
        threads.decoded(1, 512, 400 * MS, 2 * SECOND + 400 * MS);
        assertThat(threads.forDecode(300, 3 * SECOND))
                .as("300 and 512 tokens share a size class")
                .isEqualTo(2);
    }

    @Test
    void skipsTheProbeOfAllThreadsWhileTheDecodeThreadWaitsForACpu() {
        // the decode thread's readings: at the first decode, then when each probe is due
        ArrayDeque<ThreadCpuTimes> readings = new ArrayDeque<>(List.of(
                new ThreadCpuTimes(0, 0),
                // 400 ms on a CPU, 200 ms waiting for one: a third of its time, the cores are taken
                new ThreadCpuTimes(400 * MS, 200 * MS),
                // then 500 ms on a CPU and 20 ms waiting (4 %): a core is free
                new ThreadCpuTimes(900 * MS, 220 * MS),
                new ThreadCpuTimes(900 * MS, 220 * MS)));
        DecodeThreads threads = new DecodeThreads(2, () -> Optional.ofNullable(readings.poll()));
        decode(threads, 1, 0, 20 * MS);

        assertThat(threads.forDecode(1, SECOND)).as("busy: no probe").isEqualTo(1);
        threads.decoded(1, 1, 20 * MS, SECOND + 20 * MS);
        assertThat(threads.forDecode(1, 2 * SECOND))
                .as("the wait doubled as after a failed probe")
                .isEqualTo(1);
        threads.decoded(1, 1, 20 * MS, 2 * SECOND + 20 * MS);

        assertThat(threads.forDecode(1, 3 * SECOND)).isEqualTo(2);
    }
}
