package dev.hangar.server.edge;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open connections that have not presented a good API key yet, over all event loops, and
 * holds them to a maximum: a client without a key cannot take every socket and buffer the server
 * has by opening connections.
 */
final class UnauthenticatedConnections {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    UnauthenticatedConnections(int max) {
        this.max = max;
    }

    /** Counts a new connection in; false, counting nothing, when {@code max} are open already. */
    boolean tryOpen() {
        return open.getAndUpdate(now -> now < max ? now + 1 : now) < max;
    }

    /** A counted connection presented a good key, or closed. */
    void leave() {
        open.decrementAndGet();
    }
}
