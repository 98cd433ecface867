package dev.hangar.server.gateway;

/**
 * The tokens one request used: as the replica counted them ({@code estimated} false), or guessed
 * by the gateway when the replica did not say (prompt from its length, completion from the
 * streamed chunks).
 */
record TokenUsage(long promptTokens, long completionTokens, boolean estimated) {

    long totalTokens() {
        return promptTokens + completionTokens;
    }
}
