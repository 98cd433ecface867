package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/**
 * A model's inference state ({@code llama_context}): the KV cache of its sequences, the last decode's logits and
 * embeddings. Not thread-safe: one thread owns it.
 */
public final class LlamaContext implements AutoCloseable {
    private final LlamaFunctions f;
    private final LlamaModel model;
    private final MemorySegment handle;
    private final LlamaMemory memory;
    private final int vocabSize;
    private final int embeddingLength;
    private final FreeOnce freeOnce = new FreeOnce();
    private final Optional<LlamaThreadPool> threadPool;
    private final DecodeThreads threads;
    private int threadsNow;

    private LlamaContext(LlamaModel model, MemorySegment handle, Optional<LlamaThreadPool> threadPool, int threads) {
        this.f = model.library().functions();
        this.model = model;
        this.handle = handle;
        this.threadPool = threadPool;
        this.threads = new DecodeThreads(threads, ThreadCpuTimes::ofThisThread);
        this.threadsNow = threads;
        this.memory = new LlamaMemory(f, f.getMemory(handle));
        this.vocabSize = model.vocab().size();
        this.embeddingLength = model.embeddingLength();
    }

    /** @throws LlamaException with llama.cpp's reason when the context cannot be made (e.g. out of memory) */
    public static LlamaContext create(LlamaModel model, ContextSettings settings) {
        LlamaFunctions f = model.library().functions();
        try (Arena arena = Arena.ofConfined()) {
            var layout = LlamaStructs.LLAMA_CONTEXT_PARAMS;
            MemorySegment params = f.contextDefaultParams(arena);
            LlamaStructs.setInt(params, layout, "n_ctx", settings.contextSize());
            LlamaStructs.setInt(params, layout, "n_batch", settings.batchSize());
            LlamaStructs.setInt(params, layout, "n_ubatch", settings.microBatchSize());
            LlamaStructs.setInt(params, layout, "n_seq_max", settings.sequences());
            LlamaStructs.setInt(params, layout, "n_threads", settings.threads());
            LlamaStructs.setInt(params, layout, "n_threads_batch", settings.threads());
            LlamaStructs.setInt(
                    params, layout, "pooling_type", settings.pooling().value());
            LlamaStructs.setBoolean(params, layout, "embeddings", settings.embeddings());
            LlamaStructs.setBoolean(params, layout, "no_perf", true);
            // One cache for all sequences: a sequence may use any free cell, and copying a prefix between sequences
            // (prefix reuse) shares cells instead of duplicating them.
            LlamaStructs.setBoolean(params, layout, "kv_unified", true);
            MemorySegment context = f.initFromModel(model.handle(), params);
            if (context.equals(MemorySegment.NULL)) {
                throw LlamaException.withLog("llama.cpp could not create a context");
            }
            // Threads kept for the context's life, sleeping between decodes; each decode uses one or all of them.
            Optional<LlamaThreadPool> threadPool = LlamaThreadPool.create(f, settings.threads());
            threadPool.ifPresent(pool -> f.attachThreadpool(context, pool.handle(), pool.handle()));
            return new LlamaContext(model, context, threadPool, settings.threads());
        }
    }

    /**
     * Runs the model over {@code batch}, on one thread or all of the context's, whichever decodes faster now
     * ({@link DecodeThreads}).
     *
     * @throws LlamaException naming llama.cpp's status when the decode fails (1: no room in the KV cache)
     */
    public void decode(LlamaBatch batch) {
        int tokens = batch.size();
        long start = System.nanoTime();
        int use = threads.forDecode(tokens, start);
        if (use != threadsNow) {
            f.setNThreads(handle, use, use);
            threadsNow = use;
        }
        int status = f.decode(handle, batch.struct());
        long end = System.nanoTime();
        threads.decoded(use, tokens, end - start, end);
        if (status != 0) {
            throw LlamaException.withLog("llama_decode failed with status " + status
                    + (status == 1 ? " (no room in the KV cache for the batch)" : ""));
        }
    }

    /** The logits of the batch entry at {@code index} (one that asked for output), valid until the next decode. */
    public MemorySegment logits(int index) {
        MemorySegment logits = f.getLogitsIth(handle, index);
        if (logits.equals(MemorySegment.NULL)) {
            throw LlamaException.withLog("no logits for batch entry " + index);
        }
        return logits.reinterpret(JAVA_FLOAT.byteSize() * vocabSize);
    }

    /** The embedding of the batch entry at {@code index} (pooling none), not normalised. */
    public float[] tokenEmbedding(int index) {
        MemorySegment embedding = f.getEmbeddingsIth(handle, index);
        if (embedding.equals(MemorySegment.NULL)) {
            throw LlamaException.withLog("no embedding for batch entry " + index);
        }
        return embedding.reinterpret(JAVA_FLOAT.byteSize() * embeddingLength).toArray(JAVA_FLOAT);
    }

    /** The pooled embedding of {@code sequence} after the last decode (pooling other than none), not normalised. */
    public float[] sequenceEmbedding(int sequence) {
        MemorySegment embedding = f.getEmbeddingsSeq(handle, sequence);
        if (embedding.equals(MemorySegment.NULL)) {
            throw LlamaException.withLog("no pooled embedding for sequence " + sequence);
        }
        return embedding.reinterpret(JAVA_FLOAT.byteSize() * embeddingLength).toArray(JAVA_FLOAT);
    }

    /** The classification head's scores for {@code sequence} after the last decode (rank pooling), one per label. */
    public float[] sequenceScores(int sequence) {
        MemorySegment scores = f.getEmbeddingsSeq(handle, sequence);
        if (scores.equals(MemorySegment.NULL)) {
            throw LlamaException.withLog("no scores for sequence " + sequence);
        }
        return scores.reinterpret(JAVA_FLOAT.byteSize() * model.classifierOutputs())
                .toArray(JAVA_FLOAT);
    }

    /** Turns embedding extraction on or off for the following decodes. */
    public void extractEmbeddings(boolean on) {
        f.setEmbeddings(handle, on);
    }

    /** Applies exactly these adapters at these scales to the following decodes (none: the base model). */
    public void useAdapters(List<LoraAdapter> adapters, float[] scales) {
        if (adapters.size() != scales.length) {
            throw new IllegalArgumentException("one scale per adapter");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handles = arena.allocate(ADDRESS, Math.max(1, adapters.size()));
            for (int i = 0; i < adapters.size(); i++) {
                handles.setAtIndex(ADDRESS, i, adapters.get(i).handle());
            }
            MemorySegment values = arena.allocateFrom(JAVA_FLOAT, scales);
            int status = f.setAdaptersLora(handle, handles, adapters.size(), values);
            if (status != 0) {
                throw LlamaException.withLog("llama.cpp could not apply the LoRA adapters (status " + status + ")");
            }
        }
    }

    public LlamaMemory memory() {
        return memory;
    }

    public PoolingType pooling() {
        return PoolingType.of(f.poolingType(handle));
    }

    public int contextSize() {
        return f.nCtx(handle);
    }

    public int batchSize() {
        return f.nBatch(handle);
    }

    public int microBatchSize() {
        return f.nUbatch(handle);
    }

    public int sequences() {
        return f.nSeqMax(handle);
    }

    public LlamaModel model() {
        return model;
    }

    MemorySegment handle() {
        return handle;
    }

    @Override
    public void close() {
        freeOnce.free(() -> {
            f.free(handle);
            threadPool.ifPresent(LlamaThreadPool::close);
        });
    }
}
