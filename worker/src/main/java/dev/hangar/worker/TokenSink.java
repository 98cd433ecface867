package dev.hangar.worker;

import java.io.IOException;
import java.util.List;

/** Receives generated text as it arrives; an {@link IOException} (the client went away) cancels the generation. */
@FunctionalInterface
public interface TokenSink {
    TokenSink DISCARD = (text, logprobs) -> {};

    /** @param logprobs the tokens that text came from, when the request asked for logprobs (else empty) */
    void accept(String text, List<TokenLogprob> logprobs) throws IOException;

    /** The prompt's tokens and log-probabilities, before any text, when the request asked to score its prompt. */
    default void prompt(List<TokenLogprob> logprobs) throws IOException {}
}
