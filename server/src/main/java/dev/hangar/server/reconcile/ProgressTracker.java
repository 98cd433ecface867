package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.DeploymentStep;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes a deployment's progress as it goes: the state each step implies, the percent, each
 * step's times, an event per finished or failed step. It starts from the progress stored with the
 * endpoint, so a deployment taken over several passes goes on where the last pass left off. Every
 * write is conditional on the endpoint still being at the deployment's generation, in a state that
 * may move to the one written ({@code EndpointState.next}); when a user stopped or restarted it
 * meanwhile, the write throws {@link Superseded}, which ends the pass quietly (the reconciler takes
 * it as done).
 */
final class ProgressTracker {

    /** The endpoint moved on (stopped, restarted, deleted) while this deployment ran. */
    static final class Superseded extends RuntimeException {
        Superseded() {
            super("the endpoint changed while it was being deployed", null, false, false);
        }
    }

    private final EndpointRepository endpoints;
    private final String endpointId;
    private final int generation;
    private final Clock clock;
    private Progress progress;

    ProgressTracker(EndpointRepository endpoints, EndpointRepository.Row row, Clock clock) {
        this.endpoints = endpoints;
        this.endpointId = row.endpoint().id();
        this.generation = row.generation();
        this.clock = clock;
        this.progress = row.endpoint().progress() == null
                ? Progress.notStarted()
                : row.endpoint().progress();
    }

    /** Whether an earlier pass of this deployment finished the step. */
    boolean done(DeploymentStep step) {
        return stepOf(step).status() == Progress.StepStatus.DONE;
    }

    /** Begins the step unless an earlier pass began it. */
    void resume(DeploymentStep step) {
        if (stepOf(step).status() == Progress.StepStatus.PENDING) {
            begin(step);
        }
    }

    void begin(DeploymentStep step) {
        progress = progress.begin(step, clock.instant());
        write(step.state(), step.title());
    }

    /** Moves the bar within the step; writes only when the percent changes. */
    void advance(DeploymentStep step, double fraction) {
        Progress moved = progress.advance(step, fraction);
        if (moved.percent() != progress.percent()) {
            progress = moved;
            write(step.state(), step.title());
        }
    }

    void complete(DeploymentStep step, String detail) {
        Instant now = clock.instant();
        Duration took = Duration.between(stepOf(step).startedAt(), now);
        progress = progress.complete(step, now);
        write(step.state(), step.title());
        endpoints.recordEvent(
                endpointId, EventLevel.INFO, null, step.title() + ": " + detail + " (" + took.toMillis() + " ms)", now);
    }

    /** The step failed: the endpoint takes {@code state} (a failed state) with the reason, which the event repeats. */
    Decision fail(DeploymentStep step, EndpointState state, String reason) {
        Instant now = clock.instant();
        progress = progress.fail(step, reason, now);
        write(state, reason);
        endpoints.recordEvent(endpointId, EventLevel.ERROR, null, step.title() + " failed: " + reason, now);
        return new Decision.Failed(step.title() + " failed: " + reason, false);
    }

    Decision running(String reason) {
        write(EndpointState.RUNNING, reason);
        endpoints.recordEvent(endpointId, EventLevel.INFO, null, reason, clock.instant());
        return new Decision.Done(reason);
    }

    private void write(EndpointState state, String reason) {
        if (!endpoints.observe(endpointId, generation, state, reason, progress, clock.instant())) {
            throw new Superseded();
        }
    }

    private Progress.StepProgress stepOf(DeploymentStep step) {
        return progress.steps().get(step.ordinal());
    }
}
