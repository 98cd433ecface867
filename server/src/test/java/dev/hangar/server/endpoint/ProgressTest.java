package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.message.MessageCode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void eachStepFillsItsShareOfTheBarAndRecordsItsTimes() {
        Progress progress = Progress.notStarted()
                .begin(DeploymentStep.VALIDATE, T0)
                .complete(DeploymentStep.VALIDATE, T0.plusMillis(5))
                .begin(DeploymentStep.FETCH_MODEL, T0.plusMillis(5))
                .advance(DeploymentStep.FETCH_MODEL, 0.5);

        assertThat(progress.percent()).isEqualTo(32);
        assertThat(progress.step()).isEqualTo(DeploymentStep.FETCH_MODEL);
        Progress.StepProgress validate = progress.steps().getFirst();
        assertThat(validate.status()).isEqualTo(Progress.StepStatus.DONE);
        assertThat(validate.startedAt()).isEqualTo(T0);
        assertThat(validate.endedAt()).isEqualTo(T0.plusMillis(5));
        assertThat(progress.steps().get(1).status()).isEqualTo(Progress.StepStatus.RUNNING);
        assertThat(progress.steps().get(2).status()).isEqualTo(Progress.StepStatus.PENDING);
    }

    @Test
    void theBarNeverMovesBackAndAFailureKeepsItWhereItWas() {
        Progress progress = Progress.notStarted()
                .begin(DeploymentStep.START_SERVER, T0)
                .advance(DeploymentStep.START_SERVER, 0.5)
                .advance(DeploymentStep.START_SERVER, 0.2);
        assertThat(progress.percent()).isEqualTo(80);

        Progress failed = progress.fail(
                DeploymentStep.START_SERVER,
                MessageCode.EVENT_CANNOT_START.with("reason", "replica #0 exited with code 1"),
                T0.plusSeconds(3));

        assertThat(failed.percent()).isEqualTo(80);
        assertThat(failed.finished()).isFalse();
        Progress.StepProgress step = failed.steps().get(DeploymentStep.START_SERVER.ordinal());
        assertThat(step.status()).isEqualTo(Progress.StepStatus.FAILED);
        assertThat(step.reason()).isEqualTo("cannot start replicas: replica #0 exited with code 1");
        assertThat(step.reasonCode()).isEqualTo("event.cannotStart");
        assertThat(step.reasonParams()).isEqualTo(Map.of("reason", "replica #0 exited with code 1"));
        assertThat(step.startedAt()).isEqualTo(T0);
    }

    @Test
    void allSixStepsDoneIsOneHundredPercent() {
        Progress progress = Progress.notStarted();
        for (DeploymentStep step : DeploymentStep.values()) {
            progress = progress.begin(step, T0).complete(step, T0);
        }
        assertThat(progress.percent()).isEqualTo(100);
        assertThat(progress.finished()).isTrue();
    }
}
