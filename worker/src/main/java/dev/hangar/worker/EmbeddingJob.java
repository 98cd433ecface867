package dev.hangar.worker;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Inputs to embed, handed to the decode thread, which packs them as sequences into as few decodes as fit. */
final class EmbeddingJob {
    final int[][] inputs;
    final float[][] vectors;
    final CompletableFuture<List<float[]>> result = new CompletableFuture<>();
    int next;

    EmbeddingJob(int[][] inputs) {
        this.inputs = inputs;
        this.vectors = new float[inputs.length][];
    }

    boolean done() {
        return next == inputs.length;
    }

    void complete() {
        result.complete(Arrays.asList(vectors));
    }
}
