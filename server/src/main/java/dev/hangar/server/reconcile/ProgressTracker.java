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
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a deployment's progress as it goes: the state each step implies, the percent, each
 * step's times, an event per finished or failed step. It starts from the progress stored with the
 * endpoint, so a deployment taken over several passes goes on where the last pass left off. Every
 * write is conditional on the endpoint still being at the deployment's generation, in a state that
 * may move to the one written ({@code EndpointState.next}); each says whether it was written. One
 * that was not means a user stopped, restarted or deleted the endpoint meanwhile: the pass ends
 * with {@link #superseded()}, and the next pass takes up the change.
 */
final class ProgressTracker {

    private static final Logger log = LoggerFactory.getLogger(ProgressTracker.class);

    /** What a step's work came to. */
    sealed interface StepOutcome {

        /** The step is done; {@code detail} says what it found, for its event. */
        record Completed(Message detail) implements StepOutcome {}

        /** The step failed: the endpoint takes {@code state} (a failed state) with the reason. */
        record Failed(EndpointState state, Message reason) implements StepOutcome {}
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

    /**
     * A step that one pass finishes, unless an earlier pass did: begins it, does its {@code work},
     * and completes or fails it by the outcome. Empty when the deployment goes on; the pass's
     * decision when it ends here (the step failed, or the endpoint moved on meanwhile).
     */
    Optional<Decision> once(DeploymentStep step, Supplier<StepOutcome> work) {
        if (stepOf(step).status() == Progress.StepStatus.DONE) {
            return Optional.empty(); // an earlier pass of this deployment finished it
        }
        if (!begin(step)) {
            return Optional.of(superseded());
        }
        return switch (work.get()) {
            case StepOutcome.Completed completed ->
                complete(step, completed.detail()) ? Optional.empty() : Optional.of(superseded());
            case StepOutcome.Failed failed -> Optional.of(fail(step, failed.state(), failed.reason()));
        };
    }

    /** Begins the step unless an earlier pass began it; false when the endpoint moved on. */
    boolean resume(DeploymentStep step) {
        return stepOf(step).status() != Progress.StepStatus.PENDING || begin(step);
    }

    /** False when the endpoint moved on. */
    boolean begin(DeploymentStep step) {
        progress = progress.begin(step, clock.instant());
        return write(step.state(), titleOf(step));
    }

    /** Moves the bar within the step; writes only when the percent changes. False when the endpoint moved on. */
    boolean advance(DeploymentStep step, double fraction) {
        Progress moved = progress.advance(step, fraction);
        if (moved.percent() == progress.percent()) {
            return true;
        }
        progress = moved;
        return write(step.state(), titleOf(step));
    }

    /** False when the endpoint moved on (and no event is written). */
    boolean complete(DeploymentStep step, Message detail) {
        Instant now = clock.instant();
        Duration took = Duration.between(stepOf(step).startedAt(), now);
        progress = progress.complete(step, now);
        if (!write(step.state(), titleOf(step))) {
            return false;
        }
        endpoints.recordEvent(
                endpointId,
                EventLevel.INFO,
                null,
                MessageCode.EVENT_STEP_DONE.with("step", titleOf(step), "detail", detail, "ms", took.toMillis()),
                now);
        return true;
    }

    /** A step with nothing to do, begun and completed at once; false when the endpoint moved on. */
    boolean passes(DeploymentStep step, Message detail) {
        return begin(step) && complete(step, detail);
    }

    /** The step failed: the endpoint takes {@code state} (a failed state) with the reason, which the event repeats. */
    Decision fail(DeploymentStep step, EndpointState state, Message reason) {
        Instant now = clock.instant();
        progress = progress.fail(step, reason, now);
        if (!write(state, reason)) {
            return superseded();
        }
        Message failed = MessageCode.EVENT_STEP_FAILED.with("step", titleOf(step), "reason", reason);
        endpoints.recordEvent(endpointId, EventLevel.ERROR, null, failed, now);
        return new Decision.Failed(failed.text(), false);
    }

    Decision running(Message reason) {
        if (!write(EndpointState.RUNNING, reason)) {
            return superseded();
        }
        endpoints.recordEvent(endpointId, EventLevel.INFO, null, reason, clock.instant());
        return new Decision.Done(reason.text());
    }

    /** The pass's decision when a write found that the endpoint moved on: this deployment is over, the next pass takes up the change. */
    Decision superseded() {
        log.info("endpoint {}: changed while it was being deployed; the next pass takes up the change", endpointId);
        return new Decision.Done(MessageCode.REASON_SUPERSEDED.with().text());
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

    private boolean write(EndpointState state, Message reason) {
        return endpoints.observe(endpointId, generation, state, reason, progress, clock.instant());
    }

    private Progress.StepProgress stepOf(DeploymentStep step) {
        return progress.steps().get(step.ordinal());
    }
}
