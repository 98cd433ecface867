package dev.hangar.worker;

import java.time.Duration;

/**
 * What one generation produced.
 *
 * @param completionTokens tokens llama.cpp decoded, the end-of-sequence token included, as far as
 *     {@link GenerationEnd} can derive them
 * @param timeToFirstToken from the request reaching the engine to its first token
 */
public record Generation(String text, int completionTokens, FinishReason finishReason, Duration timeToFirstToken) {}
