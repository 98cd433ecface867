package dev.hangar.server.gateway;

import dev.hangar.server.core.BackgroundTasks;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Parks what the edge's requests wait for off the event loop, and resumes each on the event loop it
 * lives on: a call to the database (an API key not checked recently) on a worker thread, or a value
 * another thread is producing (the routing table being read again after a change). No event-loop
 * thread ever waits for the database.
 * At most {@link #THREADS} calls run at once, fewer than the database's smallest pool has
 * connections, so that a flood of requests the caches cannot answer (new keys, guessed keys) leaves
 * the rest of the server connections; at most {@link #QUEUE} wait, and past that a request is
 * refused as unavailable rather than queued without limit.
 */
@Component
class OffLoopCalls implements AutoCloseable {

    static final int THREADS = 4;
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
            failed.accept(new ApiException(ProblemType.UNAVAILABLE, MessageCode.GATEWAY_DATABASE_BUSY.with()));
        }
    }

    /**
     * Runs {@code then} on {@code loop} with what {@code pending} completes with, once it does; its
     * failure goes to {@code failed} on {@code loop} instead. Holds no thread meanwhile.
     */
    <T> void resume(CompletionStage<T> pending, Executor loop, Consumer<T> then, Consumer<RuntimeException> failed) {
        pending.whenCompleteAsync(
                (value, failure) -> {
                    if (failure == null) {
                        then.accept(value);
                    } else {
                        failed.accept(runtime(failure));
                    }
                },
                loop);
    }

    private static RuntimeException runtime(Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause()
                : failure;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    @Override
    public void close() throws InterruptedException {
        workers.close();
    }
}
