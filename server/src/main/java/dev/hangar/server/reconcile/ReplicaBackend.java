package dev.hangar.server.reconcile;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where replicas run. The reconciler owns this port and picks the backend by the endpoint's kind:
 * the local backend runs a model's replica as a child process of this machine ({@link
 * ReplicaLaunch}, {@link ReplicaHandle}); the provider backend serves a router endpoint's one
 * replica from a remote provider ({@link ProviderLaunch}, {@link ProviderHandle}). Implementations
 * never kill a process they cannot prove is the one they started (same pid and same start time).
 *
 * @param <L> what a replica is started from
 * @param <H> what identifies a started replica
 */
public interface ReplicaBackend<L, H> {

    /**
     * Starts the replica; returns as soon as it exists (a process may not be ready yet).
     *
     * @throws IOException when it cannot be started, saying why in words for the endpoint's owner
     */
    H start(L launch) throws IOException;

    /** Whether the replica behind the handle is still the one that was started, or how it ended. */
    ReplicaObservation observe(H handle);

    /** Completes when the replica behind the handle ends; at once when it is not running. */
    CompletableFuture<?> exited(H handle);

    /**
     * Stops the replica: a polite signal first (the runtime drains), a forced kill when the grace
     * period is over. Returns when the process is gone; does nothing for a process that is not ours.
     */
    void stop(H handle, Duration grace);

    /** Periodic upkeep of a live replica; the local backend keeps its log within the size limit. */
    void maintain(H handle);
}
