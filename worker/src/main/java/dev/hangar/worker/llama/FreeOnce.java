package dev.hangar.worker.llama;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The guard of a native object's free: the first {@link #free} runs it, every later one does nothing, so closing a
 * handle twice (a try-with-resources around a handle already closed, a shutdown racing the decode thread's own
 * cleanup) never frees the same memory twice. Each handle class keeps one and calls it from its {@code close()}.
 */
final class FreeOnce {
    private final AtomicBoolean freed = new AtomicBoolean();

    /** Runs {@code free} if no call ran before; a free that throws is not run again either. */
    void free(Runnable free) {
        if (freed.compareAndSet(false, true)) {
            free.run();
        }
    }
}
