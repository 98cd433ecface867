package dev.hangar.server.gateway;

import java.util.Optional;

/**
 * How relaying one answer went, for metering.
 *
 * @param firstTokenNanos {@link System#nanoTime()} when the first token reached the client: the
 *     first chunk with content in a stream, the first byte otherwise; 0 when nothing was sent
 * @param usage what the replica reported, if it did
 * @param contentChunks stream chunks that carried content (about one token each)
 */
record Relayed(int status, long firstTokenNanos, Optional<TokenUsage> usage, long contentChunks, Ending ending) {

    enum Ending {
        /** The client got the whole answer. */
        COMPLETE,
        /** The client went away first; the replica's work was cancelled. */
        CLIENT_GONE,
        /** The replica broke off its answer. */
        REPLICA_FAILED
    }
}
