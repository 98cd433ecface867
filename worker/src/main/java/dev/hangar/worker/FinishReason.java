package dev.hangar.worker;

import java.util.Locale;

/** Why generation ended, as OpenAI's {@code finish_reason} names it. */
public enum FinishReason {
    /** End-of-sequence token or a stop string. */
    STOP,
    /** {@code max_tokens} reached. */
    LENGTH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
