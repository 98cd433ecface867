package dev.hangar.formats.tiny;

import dev.hangar.formats.TensorData;
import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufValue;
import dev.hangar.formats.gguf.GgufWriter;
import dev.hangar.formats.quant.F32Codec;
import dev.hangar.formats.quant.FloatCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A LoRA adapter with seeded random weights for a {@link TinyModel}, written as llama.cpp loads adapters
 * ({@code llama-adapter.cpp}): {@code general.type = adapter}, {@code adapter.type = lora}, {@code adapter.lora.alpha},
 * and for each attention and feed-forward projection {@code W} of ggml shape {@code [in, out]} a pair
 * {@code W.lora_a} of shape {@code [in, rank]} and {@code W.lora_b} of shape {@code [rank, out]}, in F32. With
 * {@code alpha == rank} the low-rank update is about as large as the weight it adds to, so it changes what the model
 * generates; different seeds give different adapters.
 */
public record TinyLoraAdapter(TinyModel base, int rank, float alpha, long seed) {
    private static final List<String> TARGETS =
            List.of("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down");

    public TinyLoraAdapter {
        if (rank < 1 || rank > base.shape().hidden()) {
            throw new IllegalArgumentException(
                    "rank must be between 1 and the hidden size " + base.shape().hidden());
        }
    }

    /** An adapter of rank 4 whose update is as strong as the weights (alpha = rank). */
    public static TinyLoraAdapter of(TinyModel base, long seed) {
        return new TinyLoraAdapter(base, 4, 4f, seed);
    }

    public void writeGguf(Path file) throws IOException {
        FloatCodec codec = new F32Codec();
        RandomWeights random = new RandomWeights(seed);
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", new GgufValue.Str("llama"))
                .put("general.type", new GgufValue.Str("adapter"))
                .put("general.name", new GgufValue.Str(base.name() + "-lora-" + seed))
                .put("adapter.type", new GgufValue.Str("lora"))
                .put("adapter.lora.alpha", new GgufValue.Float32(alpha));
        for (LlamaTensor weight : LlamaTensorLayout.of(base.shape())) {
            String name = weight.ggufName();
            if (!TARGETS.contains(targetOf(name))) {
                continue;
            }
            String stem = name.substring(0, name.length() - ".weight".length());
            // A: rank rows of the weight's input width; B: the weight's output rows, each of rank values.
            writer.addTensor(
                    stem + ".weight.lora_a",
                    GgmlType.F32,
                    List.of((long) weight.columns(), (long) rank),
                    rows(random, name + ".lora_a", rank, weight.columns(), codec));
            writer.addTensor(
                    stem + ".weight.lora_b",
                    GgmlType.F32,
                    List.of((long) rank, (long) weight.rows()),
                    rows(random, name + ".lora_b", weight.rows(), rank, codec));
        }
        writer.writeTo(file);
    }

    /** {@code blk.3.attn_q.weight} → {@code attn_q}; names outside the blocks give themselves. */
    private static String targetOf(String ggufName) {
        String[] parts = ggufName.split("\\.");
        return parts.length == 4 && parts[0].equals("blk") ? parts[2] : ggufName;
    }

    private static TensorData rows(RandomWeights random, String tensor, int rows, int columns, FloatCodec codec) {
        return TensorData.streamed(codec.type().bytesFor((long) rows * columns), out -> {
            for (int row = 0; row < rows; row++) {
                out.write(codec.encode(random.row(tensor, row, columns)));
            }
        });
    }
}
