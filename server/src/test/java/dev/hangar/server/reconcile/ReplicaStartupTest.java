package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaLogReader;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.runtime.LaunchRequest;
import dev.hangar.server.runtime.RuntimeCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One step of bringing a started replica up, against a fake backend and probe: what it sees and what it decides. */
class ReplicaStartupTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final LaunchPlan PLAN = new LaunchPlan(
            new RuntimeCatalog().find("llama.cpp").orElseThrow(),
            Path.of("/models/tiny.gguf"),
            Map.of(),
            "chat",
            0,
            1,
            Map.of(),
            false,
            new LaunchRequest.BuiltInWorker(Path.of("/usr/bin/java"), Path.of("/opt/hangar-worker.jar")),
            Path.of("/tmp/hangar-test-endpoint"),
            Map.of());

    private final List<ReplicaHandle> stopped = new ArrayList<>();

    /**
     * The process (alive, or ended with a code), whether it answers its health check, how long ago
     * it started (past the runtime's readiness timeout or not), and the step's decision.
     */
    @ParameterizedTest(name = "{0}, health {1}, started {2} -> {3}")
    @CsvSource({
        "alive,    answers, just now,          up",
        "alive,    answers, past the timeout,  up",
        "alive,    silent,  just now,          coming up",
        "alive,    silent,  past the timeout,  down: did not answer /health within; stopped",
        "exited 3, silent,  just now,          down: exited with code 3 while starting",
        "gone,     silent,  just now,          down: exited while starting",
    })
    void aStartedReplicaIsUpComingUpOrDown(String process, String health, String started, String expected) {
        Duration timeout = PLAN.spec("127.0.0.1", 8100, "rep_1", "tok").readinessTimeout();
        Duration age = started.equals("just now") ? Duration.ofSeconds(1) : timeout.plusSeconds(1);
        ReplicaProcesses processes = processes(observation(process, age), health.equals("answers"));

        ReplicaProcesses.Startup step = processes.startup(PLAN, slot(NOW.minus(age)), 4, false);

        String seen = switch (step) {
            case ReplicaProcesses.Startup.Up up -> "up";
            case ReplicaProcesses.Startup.ComingUp comingUp -> "coming up";
            case ReplicaProcesses.Startup.Down down -> "down: " + down.failure().reason();
        };
        if (expected.startsWith("down: ")) {
            String[] parts = expected.substring("down: ".length()).split("; ");
            assertThat(seen).startsWith("down: replica #0 ").contains(parts[0]);
            assertThat(stopped).as("stopped").hasSize(parts.length > 1 ? 1 : 0);
        } else {
            assertThat(seen).isEqualTo(expected);
            assertThat(stopped).isEmpty();
        }
        if (process.equals("exited 3")) {
            assertThat(((ReplicaProcesses.Startup.Down) step).failure().exitCode())
                    .contains(3);
        }
    }

    private static ReplicaObservation observation(String process, Duration age) {
        return switch (process) {
            case "alive" -> ReplicaObservation.running(age);
            case "exited 3" -> ReplicaObservation.ended(Optional.of(3));
            default -> ReplicaObservation.ended(Optional.empty());
        };
    }

    private ReplicaProcesses processes(ReplicaObservation seen, boolean answers) {
        ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend = new ReplicaBackend<>() {
            @Override
            public ReplicaHandle start(ReplicaLaunch launch) {
                throw new AssertionError("a started replica is not started again");
            }

            @Override
            public ReplicaObservation observe(ReplicaHandle handle) {
                return seen;
            }

            @Override
            public CompletableFuture<?> exited(ReplicaHandle handle) {
                return new CompletableFuture<>();
            }

            @Override
            public void stop(ReplicaHandle handle, Duration grace) {
                stopped.add(handle);
            }

            @Override
            public void maintain(ReplicaHandle handle) {}
        };
        ReplicaProbe probe = new ReplicaProbe() {
            @Override
            public boolean answersHealth(ReplicaHandle replica, String healthPath) {
                return answers;
            }
        };
        ReplicaLogReader noLog = new ReplicaLogReader() {
            @Override
            public List<String> tail(Path log, int lines) {
                return List.of();
            }

            @Override
            public LogLines follow(Path log, long fromOffset) {
                throw new UnsupportedOperationException();
            }
        };
        return new ReplicaProcesses(backend, probe, null, noLog, null, null, null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Replica slot(Instant processStart) {
        return new Replica(
                "rep_1",
                "ep_1",
                0,
                4,
                ReplicaState.STARTING,
                "http://127.0.0.1:8100",
                "127.0.0.1",
                8100,
                4242L,
                processStart,
                "tok",
                "/tmp/hangar-test-endpoint/rep_1.log",
                0,
                null,
                null,
                processStart,
                null);
    }
}
