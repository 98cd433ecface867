package dev.hangar.server.reconcile;

import java.util.Optional;

/**
 * What the backend sees of a replica's process: still running, or ended (with its exit code when
 * this server started it and saw it end; empty for a process adopted after a restart or no longer there).
 */
public record ReplicaObservation(boolean alive, Optional<Integer> exitCode) {

    public static ReplicaObservation running() {
        return new ReplicaObservation(true, Optional.empty());
    }

    public static ReplicaObservation ended(Optional<Integer> exitCode) {
        return new ReplicaObservation(false, exitCode);
    }
}
