package dev.hangar.worker;

import java.util.List;

/**
 * A sampled token's log-probability under the model (log-softmax of its logits, before sampling settings), with the
 * most likely alternatives when asked for.
 *
 * @param bytes the token's UTF-8 bytes (a token may hold part of a character)
 * @param top the most likely tokens at that position, most likely first (empty inside {@code top} itself)
 */
public record TokenLogprob(String token, double logprob, byte[] bytes, List<TokenLogprob> top) {}
