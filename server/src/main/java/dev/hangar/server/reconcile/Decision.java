package dev.hangar.server.reconcile;

import java.time.Duration;

/**
 * What one pass over an endpoint decided; the {@link Reconciler} schedules the endpoint's next
 * pass from it. Done and Requeue reset the failure backoff, a retryable Failed grows it.
 */
sealed interface Decision {

    /** The endpoint is where it should be; the next pass comes with a change, a process exit or the safety poll. */
    record Done(String status) implements Decision {}

    /** Not there yet, or something to look at later (a backoff, a health check): the next pass after {@code after}. */
    record Requeue(Duration after, String reason) implements Decision {}

    /** The pass failed; the condition says why, in words for the endpoint's events. */
    record Failed(String condition, boolean retryable) implements Decision {}
}
