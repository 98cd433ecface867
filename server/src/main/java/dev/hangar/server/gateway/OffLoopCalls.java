package dev.hangar.server.gateway;

import dev.hangar.server.core.BackgroundTasks;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs what the edge's requests need from the database (an API key not checked recently, the
 * routing table after a change) on worker threads, and hands each result back to the event loop its
 * request lives on: no event-loop thread ever waits for the database.
 * At most {@link #THREADS} calls run at once and {@link #QUEUE} wait; past that a request is
 * refused as unavailable rather than queued without limit.
 */
@Component
class OffLoopCalls implements AutoCloseable {

    static final int THREADS = 8;
    static final int QUEUE = 1024;

    private final BackgroundTasks workers = new BackgroundTasks("gateway-database", THREADS, QUEUE);

    /**
     * Runs {@code blocking} on a worker, then {@code then} with its result on {@code loop}; a failure,
     * or a full queue, goes to {@code failed} on {@code loop} instead.
     */
    <T> void call(Supplier<T> blocking, Executor loop, Consumer<T> then, Consumer<RuntimeException> failed) {
        boolean queued = workers.submit(() -> {
            T result;
            try {
                result = blocking.get();
            } catch (RuntimeException e) {
                loop.execute(() -> failed.accept(e));
                return;
            }
            loop.execute(() -> then.accept(result));
        });
        if (!queued) {
            failed.accept(new ApiException(
                    ProblemType.UNAVAILABLE,
                    "The gateway has too many requests waiting for its database; retry shortly."));
        }
    }

    @Override
    public void close() throws InterruptedException {
        workers.close();
    }
}
