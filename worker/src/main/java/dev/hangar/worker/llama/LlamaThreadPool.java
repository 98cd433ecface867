package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The CPU threads a context computes with ({@code ggml_threadpool}), made here rather than by ggml. Without one, a
 * build of ggml without OpenMP (the bundled one) starts fresh threads for every decode, which spin-wait for work (ggml's
 * default polling level); this pool keeps its threads for the context's life and lets them sleep between decodes
 * (polling level 0), so they take no CPU from other processes while the model waits for a request.
 */
final class LlamaThreadPool implements AutoCloseable {
    private final MethodHandle free;
    private final MemorySegment handle;
    private final FreeOnce freeOnce = new FreeOnce();

    private LlamaThreadPool(MethodHandle free, MemorySegment handle) {
        this.free = free;
        this.handle = handle;
    }

    /**
     * A pool of {@code threads} threads that sleep between decodes; empty where the loaded CPU backend does not offer
     * thread pools (a library of the user's own may not), in which case ggml makes its own per decode.
     */
    static Optional<LlamaThreadPool> create(LlamaFunctions f, int threads) {
        Optional<MethodHandle> create =
                f.cpuBackendFunction("ggml_threadpool_new", FunctionDescriptor.of(ADDRESS, ADDRESS));
        Optional<MethodHandle> free = f.cpuBackendFunction("ggml_threadpool_free", FunctionDescriptor.ofVoid(ADDRESS));
        if (create.isEmpty() || free.isEmpty()) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            var layout = LlamaStructs.GGML_THREADPOOL_PARAMS;
            MemorySegment params = arena.allocate(layout);
            f.threadpoolParamsInit(params, threads);
            LlamaStructs.setInt(params, layout, "poll", 0);
            MemorySegment pool = (MemorySegment) create.get().invoke(params);
            if (pool.equals(MemorySegment.NULL)) {
                throw LlamaException.withLog("ggml could not make a thread pool of " + threads + " threads");
            }
            return Optional.of(new LlamaThreadPool(free.get(), pool));
        } catch (Throwable t) {
            throw LlamaException.of("ggml_threadpool_new", t);
        }
    }

    MemorySegment handle() {
        return handle;
    }

    /** Stops the threads; no context may still use the pool. */
    @Override
    public void close() {
        freeOnce.free(() -> {
            try {
                free.invoke(handle);
            } catch (Throwable t) {
                throw LlamaException.of("ggml_threadpool_free", t);
            }
        });
    }
}
