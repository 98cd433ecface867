package dev.hangar.server.reconcile;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs slow per-replica work (starting, stopping) for all replicas at once, each on its own virtual thread. */
final class Parallel {

    private Parallel() {}

    /** The results in the items' order; a failure of one item is thrown after all have finished. */
    static <T, R> List<R> map(List<T> items, Function<T, R> work) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = items.stream()
                    .map(item -> executor.submit(() -> work.apply(item)))
                    .toList();
            return futures.stream().map(Parallel::join).toList();
        }
    }

    private static <R> R join(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
