package dev.hangar.server.reconcile;

import java.time.Duration;
import java.util.Optional;

/**
 * What the backend sees of a replica's process: still running, and for how long (measured where it
 * runs, on that machine's clock), or ended (with its exit code when this server started it and saw
 * it end; empty for a process adopted after a restart or no longer there).
 */
public record ReplicaObservation(boolean alive, Duration age, Optional<Integer> exitCode) {

    public static ReplicaObservation running(Duration age) {
        return new ReplicaObservation(true, age, Optional.empty());
    }

    public static ReplicaObservation ended(Optional<Integer> exitCode) {
        return new ReplicaObservation(false, Duration.ZERO, exitCode);
    }
}
