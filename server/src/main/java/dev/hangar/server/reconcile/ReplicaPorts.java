package dev.hangar.server.reconcile;

import java.util.Set;

/** Hands out ports for new replicas on this machine. */
public interface ReplicaPorts {

    /**
     * A port no recorded replica holds and no other program listens on.
     *
     * @throws IllegalStateException when none is left, saying which range was searched
     */
    int acquire(Set<Integer> inUse);
}
