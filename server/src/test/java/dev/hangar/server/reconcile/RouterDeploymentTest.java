package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
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
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.endpoint.Upstream;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.message.Message;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * A router endpoint's deployment with a fake provider backend and the repositories in memory: its
 * one replica is started at the address the provider backend answers, and a deployment whose
 * endpoint moved on meanwhile (a refused progress write) ends the pass as a value, doing nothing more.
 */
class RouterDeploymentTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String PROVIDER = "https://provider.example/v1";
    private static final int GENERATION = 3;

    private final EndpointRepository endpoints = mock(EndpointRepository.class);
    private final ReplicaRepository replicas = mock(ReplicaRepository.class);
    private final ReplicaSlots slots = mock(ReplicaSlots.class);
    private final FakeProviders providers = new FakeProviders();
    private final List<String> events = new ArrayList<>();
    /** The step from which the endpoint's writes are refused, as if a user stopped it then; null: never. */
    private DeploymentStep movedOnAt;

    private Deployment deployment;

    @BeforeEach
    void wire() {
        when(endpoints.observe(eq("end_1"), eq(GENERATION), any(), any(), any(), any()))
                .thenAnswer(call -> {
                    Progress progress = call.getArgument(4);
                    return movedOnAt == null || progress.step().ordinal() < movedOnAt.ordinal();
                });
        doAnswer(call -> events.add(call.<Message>getArgument(3).text()))
                .when(endpoints)
                .recordEvent(eq("end_1"), any(EventLevel.class), any(), any(Message.class), any());
        when(slots.ensure(eq("end_1"), eq(1), any(), eq("provider.example"))).thenReturn(List.of(slot()));
        when(replicas.startedRemotely(anyString(), anyInt(), anyString(), any()))
                .thenReturn(true);
        when(replicas.ready(anyString(), any())).thenReturn(true);
        deployment = new Deployment(
                null,
                slots,
                null,
                null,
                endpoints,
                replicas,
                providers,
                mock(CredentialCipher.class),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theReplicaIsStartedAtTheAddressTheProviderBackendAnswersThenReady() {
        Decision decision = deployment.run(row());

        assertThat(decision).isEqualTo(new Decision.Done("forwarding to model gpt-4o at " + PROVIDER));
        assertThat(providers.started).containsExactly(PROVIDER);
        InOrder order = inOrder(replicas);
        order.verify(replicas).startedRemotely("rep_1", GENERATION, PROVIDER, NOW);
        order.verify(replicas).ready("rep_1", NOW);
    }

    @Test
    void anEndpointThatMovedOnBeforeTheCheckIsNeitherCheckedNorRouted() {
        movedOnAt = DeploymentStep.VERIFY;

        Decision decision = deployment.run(row());

        assertThat(decision).isEqualTo(new Decision.Done("superseded by a change to the endpoint"));
        assertThat(providers.started).as("the provider was not asked").isEmpty();
        verify(replicas, never()).startedRemotely(anyString(), anyInt(), anyString(), any());
        verify(replicas, never()).ready(anyString(), any());
        assertThat(events).last().asString().startsWith("Start server:");
    }

    @Test
    void aProviderThatRefusesFailsTheDeploymentSayingWhyAndIsNotRouted() {
        providers.refusal = "the provider at " + PROVIDER + " refused the API key (401)";

        Decision decision = deployment.run(row());

        assertThat(decision).isInstanceOfSatisfying(Decision.Failed.class, failed -> {
            assertThat(failed.condition()).contains("refused the API key (401)");
            assertThat(failed.retryable()).isFalse();
        });
        verify(endpoints)
                .observe(
                        eq("end_1"),
                        eq(GENERATION),
                        eq(EndpointState.DEPLOY_FAILED),
                        argThat((Message reason) -> reason.text().equals(providers.refusal)),
                        any(),
                        any());
        verify(replicas, never()).ready(anyString(), any());
    }

    private static Replica slot() {
        return new Replica(
                "rep_1",
                "end_1",
                0,
                GENERATION,
                ReplicaState.STOPPED,
                null,
                "provider.example",
                null,
                null,
                null,
                "",
                "/tmp/rep_1.log",
                0,
                null,
                null,
                null,
                null);
    }

    private static EndpointRepository.Row row() {
        Endpoint endpoint = new Endpoint(
                "end_1",
                "gpt",
                "ann",
                "",
                Visibility.PRIVATE,
                new Endpoint.RouterSpec(new Upstream(PROVIDER, "gpt-4o", false), null),
                null,
                1,
                1,
                1,
                0,
                EndpointState.BUILDING,
                null,
                null,
                null,
                null,
                Set.of(),
                NOW,
                NOW);
        return new EndpointRepository.Row(
                endpoint, "usr_1", null, null, null, null, DesiredState.RUNNING, GENERATION, List.of());
    }

    /** A provider backend whose check passes unless told to refuse; records the base URLs it checked. */
    private static final class FakeProviders implements ReplicaBackend<ProviderLaunch, ProviderHandle> {

        final List<String> started = new ArrayList<>();
        String refusal;

        @Override
        public ProviderHandle start(ProviderLaunch launch) throws IOException {
            if (refusal != null) {
                throw new IOException(refusal);
            }
            started.add(launch.baseUrl());
            return new ProviderHandle(launch.replicaId(), launch.baseUrl(), Optional.empty());
        }

        @Override
        public ReplicaObservation observe(ProviderHandle handle) {
            return ReplicaObservation.running(Duration.ZERO);
        }

        @Override
        public CompletableFuture<?> exited(ProviderHandle handle) {
            return new CompletableFuture<>();
        }

        @Override
        public void stop(ProviderHandle handle, Duration grace) {}

        @Override
        public void maintain(ProviderHandle handle) {}
    }
}
