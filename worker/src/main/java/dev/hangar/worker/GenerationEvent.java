package dev.hangar.worker;

import java.util.List;

/** What the decode thread tells a waiting request about its generation. */
sealed interface GenerationEvent {
    /** Text that may go to the client now. */
    record Text(String text, List<TokenLogprob> logprobs) implements GenerationEvent {}

    /** The prompt's tokens with their log-probabilities, once the whole prompt is decoded (when asked for). */
    record Prompt(List<TokenLogprob> logprobs) implements GenerationEvent {}

    /** The generation ended; nothing follows. */
    record Finished(Generation generation) implements GenerationEvent {}

    /** The generation failed in llama.cpp; nothing follows. */
    record Failed(String message) implements GenerationEvent {}
}
