package dev.hangar.worker;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.hangar.worker.llama.LlamaVocab;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Log-probabilities from a decode's logits: the log-softmax over the whole vocabulary. */
final class Logprobs {
    private Logprobs() {}

    /** The chosen token's log-probability and the {@code top} most likely tokens' (0 for none). */
    static TokenLogprob of(MemorySegment logits, int chosen, int top, LlamaVocab vocab) {
        float[] values = logits.toArray(JAVA_FLOAT);
        double max = Double.NEGATIVE_INFINITY;
        for (float value : values) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (float value : values) {
            sum += Math.exp(value - max);
        }
        double logTotal = max + Math.log(sum);
        List<TokenLogprob> best = new ArrayList<>();
        for (int id : topIds(values, top)) {
            best.add(entry(vocab, id, values[id] - logTotal, List.of()));
        }
        return entry(vocab, chosen, values[chosen] - logTotal, best);
    }

    private static TokenLogprob entry(LlamaVocab vocab, int token, double logprob, List<TokenLogprob> top) {
        byte[] bytes = vocab.piece(token);
        return new TokenLogprob(new String(bytes, StandardCharsets.UTF_8), logprob, bytes, top);
    }

    /** The ids of the {@code n} largest values, largest first. */
    private static int[] topIds(float[] values, int n) {
        int count = Math.min(n, values.length);
        int[] ids = new int[count];
        if (count == 0) {
            return ids;
        }
        int filled = 0;
        for (int id = 0; id < values.length; id++) {
            if (filled < count || values[id] > values[ids[filled - 1]]) {
                int at = filled < count ? filled++ : count - 1;
                while (at > 0 && values[ids[at - 1]] < values[id]) {
                    ids[at] = ids[at - 1];
                    at--;
                }
                ids[at] = id;
            }
        }
        return ids;
    }
}
