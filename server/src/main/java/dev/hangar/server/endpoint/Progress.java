package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hangar.server.message.Message;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far the current deployment is: the overall percent, the step running (or the last one), and
 * each of the six steps with its start, end and, when it failed, the reason.
 */
public record Progress(int percent, DeploymentStep step, List<StepProgress> steps) {

    /** Where a step is. */
    public enum StepStatus {
        PENDING,
        RUNNING,
        DONE,
        FAILED;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One step as the API shows it; a failed one says why in English ({@code reason}) and as a
     * message code with its parameters (docs/api.md, Messages), absent on progress written before.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepProgress(
            DeploymentStep name,
            String title,
            int fromPercent,
            int toPercent,
            StepStatus status,
            Instant startedAt,
            Instant endedAt,
            String reason,
            String reasonCode,
            Map<String, Object> reasonParams) {

        static StepProgress pending(DeploymentStep step) {
            return new StepProgress(
                    step,
                    step.title(),
                    step.fromPercent(),
                    step.toPercent(),
                    StepStatus.PENDING,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        StepProgress with(StepStatus status, Instant startedAt, Instant endedAt, Message reason) {
            return new StepProgress(
                    name,
                    title,
                    fromPercent,
                    toPercent,
                    status,
                    startedAt,
                    endedAt,
                    reason == null ? null : reason.text(),
                    reason == null ? null : reason.code(),
                    reason == null ? null : reason.sortedParams());
        }
    }

    public Progress {
        steps = List.copyOf(steps);
    }

    /** A deployment about to begin: every step pending. */
    public static Progress notStarted() {
        return new Progress(
                0,
                DeploymentStep.VALIDATE,
                Arrays.stream(DeploymentStep.values())
                        .map(StepProgress::pending)
                        .toList());
    }

    public Progress begin(DeploymentStep step, Instant at) {
        return replace(step, step.fromPercent(), stepOf(step).with(StepStatus.RUNNING, at, null, null));
    }

    /** Moves the bar within a running step, never backwards. */
    public Progress advance(DeploymentStep step, double fraction) {
        return new Progress(Math.max(percent, step.percentAt(fraction)), step, steps);
    }

    public Progress complete(DeploymentStep step, Instant at) {
        StepProgress current = stepOf(step);
        return replace(step, step.toPercent(), current.with(StepStatus.DONE, startOr(current, at), at, null));
    }

    public Progress fail(DeploymentStep step, Message reason, Instant at) {
        StepProgress current = stepOf(step);
        return replace(step, percent, current.with(StepStatus.FAILED, startOr(current, at), at, reason));
    }

    public boolean finished() {
        return steps.stream().allMatch(s -> s.status() == StepStatus.DONE);
    }

    private StepProgress stepOf(DeploymentStep step) {
        return steps.get(step.ordinal());
    }

    private static Instant startOr(StepProgress step, Instant at) {
        return step.startedAt() == null ? at : step.startedAt();
    }

    private Progress replace(DeploymentStep step, int newPercent, StepProgress replacement) {
        List<StepProgress> updated =
                steps.stream().map(s -> s.name() == step ? replacement : s).toList();
        return new Progress(newPercent, step, updated);
    }
}
