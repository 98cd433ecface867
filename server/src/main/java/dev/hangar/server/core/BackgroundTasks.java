package dev.hangar.server.core;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A few virtual threads working off a bounded queue, for background work such as imports: at most
 * {@code threads} run at once and at most {@code queue} wait, so the work never grows without limit.
 */
public final class BackgroundTasks implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public BackgroundTasks(String name, int threads, int queue) {
        int size = Math.max(1, threads);
        this.executor = new ThreadPoolExecutor(
                size,
                size,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue),
                Thread.ofVirtual().name(name + "-", 0).factory());
    }

    /** Queues the task; false when the queue is full. */
    public boolean submit(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Interrupts running tasks and waits up to 5 seconds for them to stop. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
