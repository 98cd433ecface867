package dev.hangar.server.reconcile;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where replicas run. The reconciler owns this port; the local backend runs each replica as a
 * child process of this machine. Implementations never kill a process they cannot prove is the
 * one they started (same pid and same start time).
 */
public interface ReplicaBackend {

    /** Starts the replica's process; returns as soon as it exists (it is not ready yet). */
    ReplicaHandle start(ReplicaLaunch launch) throws IOException;

    /** Whether the process behind the handle is still the one that was started, or how it ended. */
    ReplicaObservation observe(ReplicaHandle handle);

    /** Completes when the process behind the handle ends; at once when it is not running. */
    CompletableFuture<?> exited(ReplicaHandle handle);

    /**
     * Stops the replica: a polite signal first (the runtime drains), a forced kill when the grace
     * period is over. Returns when the process is gone; does nothing for a process that is not ours.
     */
    void stop(ReplicaHandle handle, Duration grace);

    /** Periodic upkeep of a live replica; the local backend keeps its log within the size limit. */
    void maintain(ReplicaHandle handle);
}
