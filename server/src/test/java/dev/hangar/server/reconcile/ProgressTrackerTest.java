package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.hangar.server.core.Visibility;
import dev.hangar.server.endpoint.DeploymentStep;
import dev.hangar.server.endpoint.DesiredState;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Progress;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.reconcile.ProgressTracker.StepOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A deployment step's outcome is a value: a step an earlier pass finished is not done again, and a
 * write the repository refuses (the endpoint moved on) ends the pass as superseded, before the
 * step's work and without its event.
 */
class ProgressTrackerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Decision SUPERSEDED = new Decision.Done("superseded by a change to the endpoint");

    private static final Message OUT_OF_MEMORY = MessageCode.REASON_DETAIL.with("detail", "out of memory");

    private final EndpointRepository endpoints = mock(EndpointRepository.class);
    private final AtomicInteger worked = new AtomicInteger();

    @Test
    void aStepAnEarlierPassFinishedIsNotDoneAgain() {
        allowWrites(true);
        Progress validated =
                Progress.notStarted().begin(DeploymentStep.VALIDATE, NOW).complete(DeploymentStep.VALIDATE, NOW);
        ProgressTracker progress = tracker(validated);

        Optional<Decision> ended = progress.once(DeploymentStep.VALIDATE, this::work);

        assertThat(ended).isEmpty();
        assertThat(worked).hasValue(0);
        verify(endpoints, never()).observe(anyString(), anyInt(), any(), any(), any(), any());
    }

    @Test
    void aCompletedStepIsWrittenWithItsEventAndTheDeploymentGoesOn() {
        allowWrites(true);

        Optional<Decision> ended = tracker(null).once(DeploymentStep.FETCH_MODEL, this::work);

        assertThat(ended).isEmpty();
        assertThat(worked).hasValue(1);
        verify(endpoints)
                .recordEvent(
                        eq("end_1"),
                        eq(EventLevel.INFO),
                        eq(null),
                        argThat((Message event) -> event.text().equals("Fetch model: done (0 ms)")),
                        eq(NOW));
    }

    @Test
    void anEndpointThatMovedOnEndsThePassBeforeTheStepsWork() {
        allowWrites(false);

        Optional<Decision> ended = tracker(null).once(DeploymentStep.VALIDATE, this::work);

        assertThat(ended).contains(SUPERSEDED);
        assertThat(worked).hasValue(0);
        verify(endpoints, never()).recordEvent(any(), any(), any(), any(), any());
    }

    @Test
    void aFailureWrittenAfterTheEndpointMovedOnIsNoFailure() {
        allowWrites(false);

        Decision decision = tracker(null).fail(DeploymentStep.LOAD, EndpointState.DEPLOY_FAILED, OUT_OF_MEMORY);

        assertThat(decision).isEqualTo(SUPERSEDED);
        verify(endpoints, never()).recordEvent(any(), any(), any(), any(), any());
    }

    @Test
    void aFailedStepLeavesTheEndpointInItsFailedStateWithTheReason() {
        allowWrites(true);

        Optional<Decision> ended = tracker(null)
                .once(DeploymentStep.LOAD, () -> new StepOutcome.Failed(EndpointState.DEPLOY_FAILED, OUT_OF_MEMORY));

        assertThat(ended).contains(new Decision.Failed("Load model failed: out of memory", false));
        verify(endpoints)
                .observe(eq("end_1"), eq(2), eq(EndpointState.DEPLOY_FAILED), eq(OUT_OF_MEMORY), any(), eq(NOW));
    }

    private StepOutcome work() {
        worked.incrementAndGet();
        return new StepOutcome.Completed(MessageCode.REASON_DETAIL.with("detail", "done"));
    }

    private void allowWrites(boolean allowed) {
        when(endpoints.observe(eq("end_1"), eq(2), any(), any(), any(), any())).thenReturn(allowed);
    }

    private ProgressTracker tracker(Progress stored) {
        Endpoint endpoint = new Endpoint(
                "end_1",
                "chat",
                "ann",
                "",
                Visibility.PRIVATE,
                new Endpoint.ModelSpec("m", "mdl_1", "llama.cpp", Map.of(), Map.of(), null),
                null,
                1,
                1,
                1,
                0,
                EndpointState.BUILDING,
                null,
                null,
                null,
                stored,
                Set.of(),
                NOW,
                NOW);
        return new ProgressTracker(
                endpoints,
                new EndpointRepository.Row(
                        endpoint, "usr_1", null, null, null, null, DesiredState.RUNNING, 2, List.of()),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
