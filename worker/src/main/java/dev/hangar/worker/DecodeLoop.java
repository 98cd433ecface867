package dev.hangar.worker;

import dev.hangar.worker.llama.LlamaBatch;
import dev.hangar.worker.llama.LlamaContext;
import dev.hangar.worker.llama.LlamaException;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.LlamaVocab;
import dev.hangar.worker.llama.PoolingType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one thread that owns a model's context and runs {@code llama_decode}. Each generation is a sequence of the
 * context; every step joins one token of each generating sequence and chunks of prompts still being read into one
 * batch (continuous batching: a request joins at the next step). While any sequence generates, a step reads at most
 * one micro-batch of prompt tokens, so a long prompt does not stall the running streams. A cancelled sequence is
 * dropped, and its cache cells freed, at the next step; a finished one leaves its cells for a later prompt that
 * starts the same way ({@link PrefixCache}). Embedding requests get steps of their own, since the context
 * then outputs pooled embeddings instead of logits (or, with rank pooling, the classification head's scores).
 *
 * <p>LoRA adapters apply to a whole decode, so a step decodes only the sequences of one adapter set (the base model
 * being the empty set): the sets with work take turns, one step each, round-robin, so every generating sequence gets
 * one token per round whichever set it uses. Cached prompt cells are reused only by a sequence of the same set. Adapters
 * are loaded and freed on this thread, between steps, since llama.cpp's model keeps its adapter list unguarded.
 *
 * <p>Sequence ids {@code 0..generationSlots-1} are for generations (the slot scheduler admits at most that many), the
 * ids after them for the inputs of an embedding step.
 */
final class DecodeLoop implements AutoCloseable {
    private final LlamaContext context;
    private final LlamaVocab vocab;
    private final LlamaBatch batch;
    private final int promptChunk;
    private final int embeddingSequences;
    private final int firstEmbeddingSequence;
    private final LinkedBlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
    private final List<ActiveSequence> active = new ArrayList<>();
    private final ArrayDeque<EmbeddingJob> embeddings = new ArrayDeque<>();
    private final PrefixCache cache;
    private final boolean ranks;
    private final Thread thread;
    /** The adapter set the context applies now. */
    private AdapterSet applied = AdapterSet.BASE;
    /** The set the last generation step decoded, whose turn passes to the next set. */
    private AdapterSet lastTurn;

    private volatile boolean closed;

    DecodeLoop(LlamaLibrary library, LlamaContext context, int generationSlots, int embeddingSequences, String name) {
        this.context = context;
        this.vocab = context.model().vocab();
        this.batch = LlamaBatch.allocate(library, context.batchSize());
        this.promptChunk = context.microBatchSize();
        this.embeddingSequences = embeddingSequences;
        this.firstEmbeddingSequence = generationSlots;
        for (int id = 0; id < generationSlots; id++) {
            freeIds.add(id);
        }
        this.cache = new PrefixCache(generationSlots);
        this.ranks = context.pooling() == PoolingType.RANK;
        // A platform thread: it blocks in native code for the whole decode, which would pin a virtual thread's carrier.
        this.thread = Thread.ofPlatform().name("decode-" + name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void submit(GenerationJob job) {
        incoming.add(job);
    }

    void submit(EmbeddingJob job) {
        incoming.add(job);
    }

    /** Work that touches the model or context, run on this thread between steps. */
    private record ContextTask<T>(Supplier<T> work, CompletableFuture<T> result) {
        void run() {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    /** How long a caller waits for a task between steps: a step is short, but loading an adapter reads its file. */
    private static final long TASK_TIMEOUT_SECONDS = 300;

    /**
     * Runs {@code work} on this thread between two steps and returns its result.
     *
     * @throws RuntimeException what {@code work} threw
     */
    <T> T onDecodeThread(Supplier<T> work) throws InterruptedException {
        ContextTask<T> task = new ContextTask<>(work, new CompletableFuture<>());
        incoming.add(task);
        try {
            return task.result().get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new EngineException(e.getCause().toString(), false);
        } catch (TimeoutException e) {
            throw new EngineException(
                    "the decode thread did not take the task within " + TASK_TIMEOUT_SECONDS + " s", false);
        }
    }

    /** Frees an adapter no request uses any more, after taking it off the context. */
    void free(LoadedAdapter adapter) throws InterruptedException {
        onDecodeThread(() -> {
            context.useAdapters(List.of(), new float[0]);
            applied = AdapterSet.BASE;
            adapter.handle().close();
            return null;
        });
    }

    private void run() {
        while (!closed) {
            try {
                admit(active.isEmpty() && embeddings.isEmpty());
                dropCancelled();
                if (!embeddings.isEmpty()) {
                    embedStep();
                }
                if (!active.isEmpty()) {
                    generateStep();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A bug, not llama.cpp's failure (those are handled per step): fail what is running, keep serving.
                System.err.println("hangar worker: decode step failed: " + e);
                failAll("internal error: " + e.getMessage());
                EmbeddingJob job;
                while ((job = embeddings.poll()) != null) {
                    job.result.completeExceptionally(new EngineException("internal error: " + e.getMessage(), false));
                }
            }
        }
    }

    /** Takes the jobs waiting; blocks for the first when there is nothing else to do. */
    private void admit(boolean idle) throws InterruptedException {
        Object job = idle ? incoming.take() : incoming.poll();
        while (job != null) {
            switch (job) {
                case GenerationJob generation -> start(generation);
                case EmbeddingJob embedding -> embeddings.add(embedding);
                case ContextTask<?> task -> task.run();
                default -> throw new IllegalStateException("unknown job " + job);
            }
            job = incoming.poll();
        }
    }

    private void start(GenerationJob job) {
        if (freeIds.isEmpty()) {
            // The slot scheduler admits no more generations than there are ids; reaching this is a bug.
            job.sampler.close();
            job.send(new GenerationEvent.Failed("no free sequence for the generation"));
            return;
        }
        // A scored prompt needs logits at every position, so none of it may come from the cache.
        PrefixCache.Start start =
                job.scorePrompt ? cache.fresh(freeIds) : cache.start(job.prompt, freeIds, job.adapters);
        int id = start.target();
        freeIds.remove(id);
        if (start.source() == id) {
            // Its own cells: drop what follows the shared prefix (a cache that cannot cut there starts over).
            if (!context.memory().remove(id, start.reused(), -1)) {
                context.memory().removeSequence(id);
                start = new PrefixCache.Start(id, id, 0);
            }
        } else {
            context.memory().removeSequence(id);
            context.memory().copy(start.source(), id, 0, start.reused());
        }
        cache.took(start, job.adapters);
        active.add(new ActiveSequence(job, id, start.reused()));
    }

    private void dropCancelled() {
        for (Iterator<ActiveSequence> it = active.iterator(); it.hasNext(); ) {
            ActiveSequence sequence = it.next();
            if (sequence.job.cancelled()) {
                it.remove();
                release(sequence, false);
            }
        }
    }

    private void generateStep() {
        AdapterSet turn = nextTurn();
        batch.clear();
        boolean generating = false;
        for (ActiveSequence sequence : active) {
            sequence.outputIndex = -1;
            if (!sequence.prefilling()) {
                generating = true;
                if (sequence.job.adapters.equals(turn)) {
                    sequence.outputIndex = batch.add(sequence.lastToken, sequence.position++, sequence.id, true);
                    cache.append(sequence.id, sequence.lastToken);
                }
            }
        }
        int budget = batch.capacity() - batch.size();
        if (generating) {
            // Streams of any set are waiting on this step: a long prompt gets one chunk of it.
            budget = Math.min(budget, promptChunk);
        }
        for (ActiveSequence sequence : active) {
            if (budget == 0) {
                break;
            }
            if (sequence.prefilling() && sequence.job.adapters.equals(turn)) {
                int[] prompt = sequence.job.prompt;
                int end = Math.min(prompt.length, sequence.fed + budget);
                sequence.chunkStart = sequence.fed;
                sequence.chunkIndex = batch.size();
                for (int i = sequence.fed; i < end; i++) {
                    boolean output = i == prompt.length - 1 || sequence.job.scorePrompt;
                    int index = batch.add(prompt[i], sequence.position++, sequence.id, output);
                    cache.append(sequence.id, prompt[i]);
                    if (i == prompt.length - 1) {
                        sequence.outputIndex = index;
                    }
                }
                budget -= end - sequence.fed;
                sequence.fed = end;
            }
        }
        try {
            apply(turn);
            context.decode(batch);
        } catch (LlamaException e) {
            failAll(e.getMessage());
            return;
        }
        for (Iterator<ActiveSequence> it = active.iterator(); it.hasNext(); ) {
            ActiveSequence sequence = it.next();
            if (sequence.job.scorePrompt && sequence.chunkStart >= 0) {
                scorePrompt(sequence);
            }
            if (sequence.outputIndex < 0) {
                continue;
            }
            int token = sequence.job.sampler.sample(context, sequence.outputIndex);
            boolean end = vocab.isEndOfGeneration(token) && !sequence.job.ignoreEos;
            TokenLogprob logprob = sequence.job.topLogprobs < 0 || end
                    ? null
                    : Logprobs.of(context.logits(sequence.outputIndex), token, sequence.job.topLogprobs, vocab);
            FinishReason reason = sequence.accept(token, end, end ? new byte[0] : vocab.piece(token), logprob);
            if (reason != null) {
                sequence.finish(reason);
                it.remove();
                release(sequence, true);
            }
        }
    }

    /**
     * Adds the logprobs of the prompt tokens that follow the chunk just decoded (each scored by the logits of the
     * position before it); once the whole prompt is in, sends them, the first token unscored.
     */
    private void scorePrompt(ActiveSequence sequence) {
        int[] prompt = sequence.job.prompt;
        int top = Math.max(0, sequence.job.topLogprobs);
        if (sequence.chunkStart == 0) {
            sequence.promptLogprobs.add(TokenLogprob.unscored(vocab.piece(prompt[0])));
        }
        for (int i = sequence.chunkStart; i < sequence.fed && i + 1 < prompt.length; i++) {
            MemorySegment logits = context.logits(sequence.chunkIndex + i - sequence.chunkStart);
            sequence.promptLogprobs.add(Logprobs.of(logits, prompt[i + 1], top, vocab));
        }
        sequence.chunkStart = -1;
        if (!sequence.prefilling()) {
            sequence.job.send(new GenerationEvent.Prompt(List.copyOf(sequence.promptLogprobs)));
        }
    }

    /**
     * The adapter set whose sequences this step decodes: the one after the last step's, in the order the sets first
     * appear among the active sequences (the first when the last step's set has no sequences left).
     */
    private AdapterSet nextTurn() {
        List<AdapterSet> sets = new ArrayList<>(2);
        for (ActiveSequence sequence : active) {
            if (!sets.contains(sequence.job.adapters)) {
                sets.add(sequence.job.adapters);
            }
        }
        lastTurn = sets.get((sets.indexOf(lastTurn) + 1) % sets.size());
        return lastTurn;
    }

    /** Makes the context decode with {@code set}'s adapters (llama.cpp re-plans its graph when they change). */
    private void apply(AdapterSet set) {
        if (!set.equals(applied)) {
            context.useAdapters(set.handles(), set.scales());
            applied = set;
        }
    }

    /** Embeds as many inputs of the first waiting job as one micro-batch and the embedding ids hold. */
    private void embedStep() {
        EmbeddingJob job = embeddings.peek();
        batch.clear();
        int first = job.next;
        int sequence = firstEmbeddingSequence;
        while (!job.done()
                && sequence < firstEmbeddingSequence + embeddingSequences
                && (batch.size() == 0 || batch.size() + job.inputs[job.next].length <= promptChunk)) {
            int[] input = job.inputs[job.next++];
            for (int i = 0; i < input.length; i++) {
                batch.add(input[i], i, sequence, true);
            }
            sequence++;
        }
        context.extractEmbeddings(true);
        try {
            apply(AdapterSet.BASE);
            context.decode(batch);
            for (int i = first; i < job.next; i++) {
                int id = firstEmbeddingSequence + i - first;
                // Rank pooling outputs the classification head's scores, which are not a vector to normalise.
                job.vectors[i] = ranks ? context.sequenceScores(id) : normalized(context.sequenceEmbedding(id));
            }
        } catch (LlamaException e) {
            embeddings.poll();
            job.result.completeExceptionally(new EngineException(e.getMessage(), false));
            return;
        } finally {
            for (int id = firstEmbeddingSequence; id < sequence; id++) {
                context.memory().removeSequence(id);
            }
            context.extractEmbeddings(false);
        }
        if (job.done()) {
            embeddings.poll();
            job.complete();
        }
    }

    /** Scaled to unit length, as OpenAI's embeddings are. */
    static float[] normalized(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += (double) value * value;
        }
        double norm = Math.sqrt(sum);
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (vector[i] / norm);
            }
        }
        return vector;
    }

    private void failAll(String message) {
        for (ActiveSequence sequence : active) {
            sequence.job.send(new GenerationEvent.Failed(message));
            release(sequence, false);
        }
        active.clear();
    }

    /**
     * Frees the sequence's sampler and id; its cache cells stay for a later prompt with the same prefix when
     * {@code keepCells} (a finished generation), else they are freed too (cancelled or failed).
     */
    private void release(ActiveSequence sequence, boolean keepCells) {
        if (!keepCells) {
            context.memory().removeSequence(sequence.id);
            cache.clear(sequence.id);
        }
        sequence.job.sampler.close();
        freeIds.add(sequence.id);
    }

    /** Stops the thread after its current step and waits for it; the context stays the caller's to free. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batch.close();
    }
}
