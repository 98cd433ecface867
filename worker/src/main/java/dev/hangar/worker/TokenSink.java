package dev.hangar.worker;

import java.io.IOException;

/** Receives generated text as it arrives; an {@link IOException} (the client went away) cancels the generation. */
@FunctionalInterface
public interface TokenSink {
    TokenSink DISCARD = text -> {};

    void accept(String text) throws IOException;
}
