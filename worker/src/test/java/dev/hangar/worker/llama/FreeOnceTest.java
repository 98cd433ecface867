package dev.hangar.worker.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FreeOnceTest {

    @Test
    void onlyTheFirstFreeRuns() {
        FreeOnce once = new FreeOnce();
        AtomicInteger frees = new AtomicInteger();

        once.free(frees::incrementAndGet);
        once.free(frees::incrementAndGet);
        once.free(() -> frees.addAndGet(10));

        assertThat(frees).hasValue(1);
    }

    @Test
    void aFreeThatFailedIsNotRunAgain() {
        FreeOnce once = new FreeOnce();
        AtomicInteger frees = new AtomicInteger();

        assertThatThrownBy(() -> once.free(() -> {
                    frees.incrementAndGet();
                    throw new LlamaException("llama_free failed");
                }))
                .isInstanceOf(LlamaException.class);
        once.free(frees::incrementAndGet);

        assertThat(frees).hasValue(1);
    }

    @Test
    void closesRacingFromManyThreadsFreeOnce() throws InterruptedException {
        FreeOnce once = new FreeOnce();
        AtomicInteger frees = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> closers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            closers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                once.free(frees::incrementAndGet);
            }));
        }
        go.countDown();
        for (Thread closer : closers) {
            closer.join();
        }

        assertThat(frees).hasValue(1);
    }
}
