package dev.hangar.worker;

import java.time.Duration;

/**
 * A generation on the decode thread: which sequence id it has, how much of its prompt is in the cache, and what it has
 * sampled so far.
 */
final class ActiveSequence {
    final GenerationJob job;
    final int id;
    /** Prompt tokens already in a batch. */
    int fed;
    /** The next position to decode at. */
    int position;
    /** The last sampled token, to be decoded at the next step. */
    int lastToken;

    int sampled;
    /** The batch index whose logits this sequence samples from after the current decode; -1 for none. */
    int outputIndex = -1;

    private final StringBuilder text = new StringBuilder();
    private long firstTokenNanos;

    /** Prompt tokens whose cells were already in the cache when the generation started. */
    final int cached;

    ActiveSequence(GenerationJob job, int id, int cached) {
        this.job = job;
        this.id = id;
        this.cached = cached;
        this.fed = cached;
        this.position = cached;
    }

    boolean prefilling() {
        return fed < job.prompt.length;
    }

    /** Records a sampled token; the returned reason ends the generation, null continues it. */
    FinishReason accept(int token, boolean endOfGeneration, byte[] piece) {
        sampled++;
        lastToken = token;
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
        if (endOfGeneration && !job.ignoreEos) {
            return FinishReason.STOP;
        }
        emit(job.output.add(piece));
        if (job.output.stopped()) {
            return FinishReason.STOP;
        }
        return sampled == job.maxTokens ? FinishReason.LENGTH : null;
    }

    /** Sends the held text and the end. */
    void finish(FinishReason reason) {
        emit(job.output.rest());
        Duration ttft =
                Duration.ofNanos((firstTokenNanos == 0 ? System.nanoTime() : firstTokenNanos) - job.submittedNanos);
        job.send(new GenerationEvent.Finished(new Generation(text.toString(), sampled, cached, reason, ttft)));
    }

    private void emit(String out) {
        if (!out.isEmpty()) {
            text.append(out);
            job.send(new GenerationEvent.Text(out));
        }
    }
}
