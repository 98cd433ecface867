package dev.hangar.formats.tiny;

import java.util.SplittableRandom;

/**
 * Seeded random weights addressed by tensor name and row, so that any row is produced on its own (tensors stream row
 * by row) and the GGUF and the HF directory made with one seed hold the same model.
 */
final class RandomWeights {
    private final long seed;

    RandomWeights(long seed) {
        this.seed = seed;
    }

    /**
     * Uniform values in ±1/√length, the usual scale for a layer's input width, which keeps activations of a random
     * network finite through many layers.
     */
    float[] row(String tensor, int row, int length) {
        // String.hashCode is specified by the language, so the stream is the same on every JVM.
        SplittableRandom random = new SplittableRandom(mix(mix(seed ^ tensor.hashCode()) + row));
        float scale = (float) (1 / Math.sqrt(length));
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return values;
    }

    /** SplitMix64's finalizer: nearby seeds (rows 0, 1, 2, …) get unrelated streams. */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
