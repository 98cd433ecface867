package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.DeploymentStep;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Progress;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
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
        write(step.state(), titleOf(step));
    }

    /** Moves the bar within the step; writes only when the percent changes. */
    void advance(DeploymentStep step, double fraction) {
        Progress moved = progress.advance(step, fraction);
        if (moved.percent() != progress.percent()) {
            progress = moved;
            write(step.state(), titleOf(step));
        }
    }

    void complete(DeploymentStep step, Message detail) {
        Instant now = clock.instant();
        Duration took = Duration.between(stepOf(step).startedAt(), now);
        progress = progress.complete(step, now);
        write(step.state(), titleOf(step));
        endpoints.recordEvent(
                endpointId,
                EventLevel.INFO,
                null,
                MessageCode.EVENT_STEP_DONE.with("step", titleOf(step), "detail", detail, "ms", took.toMillis()),
                now);
    }

    /** The step failed: the endpoint takes {@code state} (a failed state) with the reason, which the event repeats. */
    Decision fail(DeploymentStep step, EndpointState state, Message reason) {
        Instant now = clock.instant();
        progress = progress.fail(step, reason.text(), now);
        write(state, reason);
        Message failed = MessageCode.EVENT_STEP_FAILED.with("step", titleOf(step), "reason", reason);
        endpoints.recordEvent(endpointId, EventLevel.ERROR, null, failed, now);
        return new Decision.Failed(failed.text(), false);
    }

    Decision running(Message reason) {
        write(EndpointState.RUNNING, reason);
        endpoints.recordEvent(endpointId, EventLevel.INFO, null, reason, clock.instant());
        return new Decision.Done(reason.text());
    }

    /** The step's title as a message, for the state reason while it runs. */
    static Message titleOf(DeploymentStep step) {
        MessageCode title = switch (step) {
            case VALIDATE -> MessageCode.STEP_VALIDATE;
            case FETCH_MODEL -> MessageCode.STEP_FETCH_MODEL;
            case LOAD -> MessageCode.STEP_LOAD;
            case PREPARE -> MessageCode.STEP_PREPARE;
            case START_SERVER -> MessageCode.STEP_START_SERVER;
            case VERIFY -> MessageCode.STEP_VERIFY;
        };
        return title.with();
    }

    private void write(EndpointState state, Message reason) {
        if (!endpoints.observe(endpointId, generation, state, reason, progress, clock.instant())) {
            throw new Superseded();
        }
    }

    private Progress.StepProgress stepOf(DeploymentStep step) {
        return progress.steps().get(step.ordinal());
    }
}
