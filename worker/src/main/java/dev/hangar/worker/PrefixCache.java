package dev.hangar.worker;

import java.util.Arrays;
import java.util.Collection;

/**
 * What each generation sequence id holds in the KV cache, token by token from position 0: a finished generation
 * leaves its cells behind, so a later prompt that starts the same way decodes only the rest. A new generation takes
 * the free id whose cells match its prompt longest, or copies the cells of a busier id that matches longer; with no
 * match it takes the free id used least recently. Each id holds at most one slot's context, so the cache never needs
 * more than the context has. Cells hold what the model computed with one set of LoRA adapters, so only a prompt of the
 * same set reuses them.
 */
final class PrefixCache {
    private final int[][] tokens;
    private final int[] lengths;
    private final long[] lastUsed;
    private final AdapterSet[] adapters;
    private long clock;

    PrefixCache(int sequences) {
        this.tokens = new int[sequences][16];
        this.lengths = new int[sequences];
        this.lastUsed = new long[sequences];
        this.adapters = new AdapterSet[sequences];
    }

    /**
     * Where a prompt starts: the id it takes, the id whose cells it reuses ({@code source == target} when the cells
     * are already its own), and how many prompt tokens those cells cover (never the whole prompt: the last token is
     * decoded again for its logits).
     */
    record Start(int target, int source, int reused) {}

    Start start(int[] prompt, Collection<Integer> free, AdapterSet set) {
        int bestSource = -1;
        int bestLength = 0;
        for (int id = 0; id < tokens.length; id++) {
            if (!set.equals(adapters[id])) {
                continue;
            }
            int length = Math.min(common(id, prompt), prompt.length - 1);
            if (length > bestLength || (length == bestLength && length > 0 && free.contains(id))) {
                bestSource = id;
                bestLength = length;
            }
        }
        if (bestSource >= 0 && free.contains(bestSource)) {
            return new Start(bestSource, bestSource, bestLength);
        }
        Start fresh = fresh(free);
        return bestSource < 0 ? fresh : new Start(fresh.target(), bestSource, bestLength);
    }

    /** A start that reuses nothing, on the free id used least recently. */
    Start fresh(Collection<Integer> free) {
        int target = free.stream()
                .min((a, b) -> Long.compare(lastUsed[a], lastUsed[b]))
                .orElseThrow();
        return new Start(target, target, 0);
    }

    /** Records that {@code target} now holds the first {@code reused} tokens of {@code source}, made with {@code set}. */
    void took(Start start, AdapterSet set) {
        adapters[start.target()] = set;
        if (start.source() != start.target()) {
            int[] source = tokens[start.source()];
            tokens[start.target()] = Arrays.copyOf(source, Math.max(16, source.length));
        }
        lengths[start.target()] = start.reused();
        lastUsed[start.target()] = ++clock;
    }

    /** Records a token decoded for {@code id} at the next position. */
    void append(int id, int token) {
        if (lengths[id] == tokens[id].length) {
            tokens[id] = Arrays.copyOf(tokens[id], tokens[id].length * 2);
        }
        tokens[id][lengths[id]++] = token;
    }

    /** Forgets what {@code id} holds (its cells were removed). */
    void clear(int id) {
        lengths[id] = 0;
    }

    private int common(int id, int[] prompt) {
        int[] held = tokens[id];
        int limit = Math.min(lengths[id], prompt.length);
        int n = 0;
        while (n < limit && held[n] == prompt[n]) {
            n++;
        }
        return n;
    }
}
