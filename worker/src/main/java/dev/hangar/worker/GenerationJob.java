package dev.hangar.worker;

import dev.hangar.worker.llama.SamplerChain;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One generation handed to the decode thread: its prompt tokens, limits and sampler chain (owned by the decode thread
 * from submission on), and the queue its events come back through.
 */
final class GenerationJob {
    final int[] prompt;
    final int maxTokens;
    /** How many alternatives each token's logprob lists; -1 when the request wants no logprobs. */
    final int topLogprobs;

    final boolean ignoreEos;
    /** Whether each prompt token's logprob is returned too (the prompt then outputs logits at every position). */
    final boolean scorePrompt;

    final OutputText output;
    final SamplerChain sampler;
    /** The LoRA adapters the sequence decodes with: it shares steps only with sequences of an equal set. */
    final AdapterSet adapters;

    final long submittedNanos = System.nanoTime();
    private final BlockingQueue<GenerationEvent> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    GenerationJob(
            int[] prompt,
            int maxTokens,
            int topLogprobs,
            boolean scorePrompt,
            boolean ignoreEos,
            OutputText output,
            SamplerChain sampler,
            AdapterSet adapters) {
        this.prompt = prompt;
        this.scorePrompt = scorePrompt;
        this.maxTokens = maxTokens;
        this.topLogprobs = topLogprobs;
        this.ignoreEos = ignoreEos;
        this.output = output;
        this.sampler = sampler;
        this.adapters = adapters;
    }

    /** Asks the decode thread to drop the sequence at its next step (the client went away). */
    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    void send(GenerationEvent event) {
        events.add(event);
    }

    GenerationEvent next() throws InterruptedException {
        return events.take();
    }
}
