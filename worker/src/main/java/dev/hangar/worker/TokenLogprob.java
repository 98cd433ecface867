package dev.hangar.worker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A token's log-probability under the model (log-softmax of its logits, before sampling settings), with the most
 * likely alternatives when asked for.
 *
 * @param logprob {@link Double#NaN} for a prompt's first token, which nothing before it scores
 * @param bytes the token's UTF-8 bytes (a token may hold part of a character)
 * @param top the most likely tokens at that position, most likely first (empty inside {@code top} itself)
 */
public record TokenLogprob(String token, double logprob, byte[] bytes, List<TokenLogprob> top) {

    /** A prompt's first token: listed, but with no log-probability (OpenAI's {@code null}). */
    static TokenLogprob unscored(byte[] bytes) {
        return new TokenLogprob(new String(bytes, StandardCharsets.UTF_8), Double.NaN, bytes, List.of());
    }

    boolean scored() {
        return !Double.isNaN(logprob);
    }

    /** The same token and log-probability with only its first {@code length} bytes (the part before a stop string). */
    TokenLogprob truncated(int length) {
        byte[] kept = Arrays.copyOf(bytes, length);
        return new TokenLogprob(new String(kept, StandardCharsets.UTF_8), logprob, kept, top);
    }
}
