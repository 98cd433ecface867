package dev.hangar.worker;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits engine work into the {@code --parallel} slots, with a bounded FIFO wait beyond them: a full queue is a 429, a
 * wait past the timeout a 503. Admitted work runs on the request's own thread, where it waits for the decode thread
 * (it never blocks in native code itself).
 */
public final class SlotScheduler {
    /** What clients are told to wait before retrying when the queue is full. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final int slots;
    private final int queueSize;
    private final Duration queueTimeout;
    private final Semaphore free;
    private final AtomicInteger waiting = new AtomicInteger();

    public SlotScheduler(int slots, int queueSize, Duration queueTimeout) {
        this.slots = slots;
        this.queueSize = queueSize;
        this.queueTimeout = queueTimeout;
        this.free = new Semaphore(slots, true);
    }

    /** Something to run in a slot; may throw what the engine or the client connection throws. */
    @FunctionalInterface
    public interface SlotWork<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work} in a slot once one is free and returns its result.
     *
     * @throws ApiError 429 when the queue is full, 503 when no slot frees within the queue timeout
     */
    public <T> T run(SlotWork<T> work) throws Exception {
        acquire();
        try {
            // No timeout here: the work ends by itself (bounded by max_tokens and the context), and a client that
            // leaves cancels it through the sink.
            return work.run();
        } finally {
            free.release();
        }
    }

    private void acquire() throws InterruptedException {
        if (free.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > queueSize) {
            waiting.decrementAndGet();
            throw ApiError.queueFull(RETRY_AFTER_SECONDS);
        }
        try {
            if (!free.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw ApiError.unavailable(
                        "no slot became free within " + queueTimeout.toSeconds() + " s", RETRY_AFTER_SECONDS);
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    public int total() {
        return slots;
    }

    public int busy() {
        return slots - free.availablePermits();
    }

    public int queued() {
        return waiting.get();
    }
}
