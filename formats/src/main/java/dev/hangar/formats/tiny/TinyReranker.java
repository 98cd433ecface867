package dev.hangar.formats.tiny;

import dev.hangar.formats.gguf.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny model with a reranker's classification head, for testing reranking: llama.cpp's {@code qwen3} architecture,
 * a head ({@code cls.output}) with one row per label, and rank pooling declared. llama.cpp ranks a sequence by its last
 * token's final (normed) state through the head, then a softmax over the labels; the first label's probability is the
 * score. Random weights, like {@link TinyModel}'s: its scores mean nothing.
 */
public record TinyReranker(TinyModel model) {
    /** The head's labels, as a Qwen3 reranker's: the score is the probability of the first. */
    public static final List<String> LABELS = List.of("yes", "no");

    /** Writes a GGUF v3 file with every 2-D weight in {@code type} (F32, F16, BF16, Q8_0 or Q4_0). */
    public void writeGguf(Path file, GgmlType type) throws IOException {
        TinyGguf.writeReranker(model, type, LABELS, file);
    }

    /** The head's rows as floats (before any encoding), one per label: what a test scores with itself. */
    public float[][] head() {
        LlamaWeights weights = new LlamaWeights(model.seed());
        LlamaTensor head = LlamaTensorLayout.reranker(model.shape(), LABELS.size()).stream()
                .filter(tensor -> tensor.ggufName().equals(LlamaTensorLayout.CLASSIFIER))
                .findFirst()
                .orElseThrow();
        float[][] rows = new float[LABELS.size()][];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = weights.hfRow(head, row);
        }
        return rows;
    }
}
