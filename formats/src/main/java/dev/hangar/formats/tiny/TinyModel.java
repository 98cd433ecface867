package dev.hangar.formats.tiny;

import dev.hangar.formats.gguf.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A llama-architecture model with seeded random weights, for testing runtimes and tooling: it loads and generates
 * (meaningless text) like a real model. The same shape and seed always give byte-identical files.
 */
public record TinyModel(TinyModelShape shape, long seed) {
    static final float ROPE_THETA = 10_000f;
    static final float RMS_NORM_EPS = 1e-5f;

    private static final TinyVocabulary VOCABULARY = TinyVocabulary.standard();

    public TinyModel {
        if (shape.vocabSize() != VOCABULARY.size()) {
            throw new IllegalArgumentException(
                    "vocab size " + shape.vocabSize() + " differs from the tiny vocabulary's " + VOCABULARY.size());
        }
    }

    /**
     * The model nearest to a size such as {@code 100k}, {@code 1M} or {@code 85M} (see {@link TinyModelShape}).
     *
     * @throws IllegalArgumentException when {@code size} is not a parameter count or is out of range
     */
    public static TinyModel ofSize(String size, long seed) {
        return new TinyModel(TinyModelShape.fit(TinyModelShape.parseParameterCount(size), VOCABULARY.size()), seed);
    }

    public TinyVocabulary vocabulary() {
        return VOCABULARY;
    }

    /** The parameter count as a model card writes it: {@code 103K}, {@code 1.1M}, {@code 85M}. */
    public String sizeLabel() {
        long count = shape.parameterCount();
        if (count >= 1_000_000_000) {
            return compact(count / 1e9) + "B";
        }
        if (count >= 1_000_000) {
            return compact(count / 1e6) + "M";
        }
        return compact(count / 1e3) + "K";
    }

    public String name() {
        return "hangar-tiny-llama-" + sizeLabel();
    }

    public String description() {
        return "Random weights (seed " + seed + ") in a llama-architecture shape, made by Hangar's tiny-model maker for"
                + " tests. It has learned nothing and produces meaningless text; do not use it for anything else.";
    }

    /**
     * Writes a GGUF v3 file, streaming each tensor as it is generated.
     *
     * @param type the 2-D weights' type: F32, F16, BF16, Q8_0 or Q4_0 (norms are always F32)
     * @throws IllegalArgumentException for any other type
     */
    public void writeGguf(Path file, GgmlType type) throws IOException {
        TinyGguf.write(this, type, file);
    }

    /**
     * Writes a Hugging Face model directory (config, generation config, safetensors weights, tokenizer files),
     * creating the directory if needed.
     *
     * @param type the weights' dtype: F32, F16 or BF16
     * @throws IllegalArgumentException for a quantized or other type, which safetensors checkpoints do not hold
     */
    public void writeHfDirectory(Path directory, GgmlType type) throws IOException {
        TinyHfDirectory.write(this, type, directory);
    }

    private static String compact(double value) {
        return value >= 10 ? String.valueOf(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value);
    }
}
