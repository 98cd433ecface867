package dev.hangar.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    private final List<TokenLogprob> logprobs = new ArrayList<>();
    private final List<TokenLogprob> pendingLogprobs = new ArrayList<>();
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

    /**
     * Records a sampled token; the returned reason ends the generation, null continues it.
     *
     * @param endOfGeneration whether the token ends the generation (an end-of-generation token, unless ignored)
     */
    FinishReason accept(int token, boolean endOfGeneration, byte[] piece, TokenLogprob logprob) {
        sampled++;
        lastToken = token;
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
        if (endOfGeneration) {
            return FinishReason.STOP;
        }
        if (logprob != null) {
            pendingLogprobs.add(logprob);
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
        if (!pendingLogprobs.isEmpty() && reason == FinishReason.LENGTH) {
            // Tokens whose bytes formed no whole character: their logprobs still belong to the answer.
            logprobs.addAll(pendingLogprobs);
            job.send(new GenerationEvent.Text("", List.copyOf(pendingLogprobs)));
        }
        Duration ttft =
                Duration.ofNanos((firstTokenNanos == 0 ? System.nanoTime() : firstTokenNanos) - job.submittedNanos);
        job.send(new GenerationEvent.Finished(
                new Generation(text.toString(), sampled, cached, reason, ttft, List.copyOf(logprobs))));
    }

    /** Sends text that may go out, with the logprobs of the tokens it came from since the last text. */
    private void emit(String out) {
        if (!out.isEmpty()) {
            text.append(out);
            List<TokenLogprob> tokens = List.copyOf(pendingLogprobs);
            logprobs.addAll(tokens);
            pendingLogprobs.clear();
            job.send(new GenerationEvent.Text(out, tokens));
        }
    }
}
