package dev.hangar.worker;

import java.time.Duration;
import java.util.List;

/**
 * What one generation produced.
 *
 * @param completionTokens tokens sampled, the end-of-sequence token included when it ended the generation
 * @param logprobs the returned tokens' log-probabilities, when asked for
 * @param cachedTokens prompt tokens whose cells an earlier generation left in the cache (not decoded again)
 * @param timeToFirstToken from the request reaching the engine to its first token
 * @param promptLogprobs the prompt's tokens with their log-probabilities (the first unscored), when the request
 *     asked to score its prompt; else empty
 */
public record Generation(
        String text,
        int completionTokens,
        int cachedTokens,
        FinishReason finishReason,
        Duration timeToFirstToken,
        List<TokenLogprob> logprobs,
        List<TokenLogprob> promptLogprobs) {}
