package dev.hangar.formats.tiny;

import java.util.Locale;

/**
 * The dimensions of a llama-architecture model. {@link #fit} picks them for a parameter-count target; every hidden
 * and feed-forward width is a multiple of 32, so each weight row is whole Q8_0/Q4_0 blocks. With the standard
 * 685-token vocabulary the documented targets give (the test pins these rows):
 *
 * <pre>
 * target  hidden layers heads kv-heads  ffn  parameters
 * 100k      32     4      2      2       96      97,376
 * 1M       192     2      6      3      512   1,075,008
 * 10M      384     6     12      6     1024  10,263,168
 * 85M      768    13     12      6     2048  85,417,728
 * 100M     832    12     13     13     2240 101,479,872
 * </pre>
 *
 * @param contextLength the {@code context_length} written into the model; runtimes may use a smaller window
 */
public record TinyModelShape(
        int vocabSize, int hidden, int layers, int heads, int kvHeads, int feedForward, int contextLength) {

    public static final int CONTEXT_LENGTH = 2048;
    private static final int MAX_LAYERS = 64;
    private static final int MAX_HIDDEN = 8192;

    public TinyModelShape {
        if (vocabSize < 1 || hidden < 1 || layers < 1 || heads < 1 || kvHeads < 1 || feedForward < 1) {
            throw new IllegalArgumentException("every dimension must be positive");
        }
        if (hidden % heads != 0 || heads % kvHeads != 0 || (hidden / heads) % 2 != 0) {
            throw new IllegalArgumentException(
                    "heads must split hidden into even head sizes and kv-heads must divide heads");
        }
    }

    public int headDim() {
        return hidden / heads;
    }

    public int kvWidth() {
        return kvHeads * headDim();
    }

    /** Embeddings, output projection, final norm and per layer two norms, attention and the gated feed-forward. */
    public long parameterCount() {
        long perLayer = 2L * hidden + (long) hidden * hidden * 2 + 2L * hidden * kvWidth() + 3L * hidden * feedForward;
        return 2L * vocabSize * hidden + hidden + layers * perLayer;
    }

    /**
     * The shape nearest to {@code targetParameters}, preferring about one layer per 64 hidden units (as small llama
     * models have) when several land about as close.
     *
     * @throws IllegalArgumentException if the target is below the smallest shape's size or above about 10 billion
     */
    public static TinyModelShape fit(long targetParameters, int vocabSize) {
        TinyModelShape smallest = candidate(vocabSize, 32, 1);
        if (targetParameters < smallest.parameterCount() / 2 || targetParameters > 10_000_000_000L) {
            throw new IllegalArgumentException("size " + targetParameters + " is outside "
                    + smallest.parameterCount() / 2 + " to 10 billion parameters");
        }
        TinyModelShape best = smallest;
        double bestScore = Double.MAX_VALUE;
        for (int hidden = 32; hidden <= MAX_HIDDEN; hidden += hidden < 512 ? 32 : 64) {
            double idealLayers = Math.max(1, hidden / 64.0);
            for (int layers = 1; layers <= MAX_LAYERS; layers++) {
                TinyModelShape shape = candidate(vocabSize, hidden, layers);
                double miss = Math.abs(shape.parameterCount() - targetParameters) / (double) targetParameters;
                double score = miss + 0.05 * Math.abs(Math.log(layers / idealLayers) / Math.log(2));
                if (score < bestScore) {
                    best = shape;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    /**
     * Parses a parameter count written as people write model sizes: {@code 100k}, {@code 1M}, {@code 1.5B}, or plain
     * digits.
     *
     * @throws IllegalArgumentException naming the text when it is not such a count
     */
    public static long parseParameterCount(String text) {
        String trimmed = text.strip().toUpperCase(Locale.ROOT);
        long multiplier = switch (trimmed.isEmpty() ? ' ' : trimmed.charAt(trimmed.length() - 1)) {
            case 'K' -> 1_000L;
            case 'M' -> 1_000_000L;
            case 'B' -> 1_000_000_000L;
            default -> 1L;
        };
        String number = multiplier == 1 ? trimmed : trimmed.substring(0, trimmed.length() - 1);
        if (!number.matches("[0-9]{1,12}(\\.[0-9]{1,6})?") || Double.parseDouble(number) == 0) {
            throw new IllegalArgumentException("size '" + text + "' is not a parameter count such as 100k, 1M or 85M");
        }
        return Math.round(Double.parseDouble(number) * multiplier);
    }

    /** Llama proportions: head size 16, 32 or 64 by width, half as many kv heads (GQA) from 4 heads up, ffn ≈ 8/3 hidden. */
    private static TinyModelShape candidate(int vocabSize, int hidden, int layers) {
        int headDim = hidden <= 128 ? 16 : hidden < 512 ? 32 : 64;
        int heads = hidden / headDim;
        int kvHeads = heads >= 4 && heads % 2 == 0 ? heads / 2 : heads;
        int feedForward = (hidden * 8 / 3 + 31) / 32 * 32;
        return new TinyModelShape(vocabSize, hidden, layers, heads, kvHeads, feedForward, CONTEXT_LENGTH);
    }
}
