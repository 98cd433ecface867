package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Notices replicas whose process is alive but no longer answers (hung, deadlocked, paused): each
 * ready replica's health is checked at every pass of supervision, which asks for one each
 * {@link #INTERVAL}, and after {@value #FAILURES} failed checks
 * in a row its process is killed, so the crash path restarts it like any other crash.
 */
@Component
class ReplicaLiveness {

    static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final int FAILURES = 3;

    private final ReplicaProbe probe;
    private final ReplicaBackend backend;
    private final ReplicaProcesses processes;
    private final Crashes crashes;
    private final LaunchPlanner planner;
    private final Map<String, Integer> failedChecks = new ConcurrentHashMap<>();

    ReplicaLiveness(
            ReplicaProbe probe,
            ReplicaBackend backend,
            ReplicaProcesses processes,
            Crashes crashes,
            LaunchPlanner planner) {
        this.probe = probe;
        this.backend = backend;
        this.processes = processes;
        this.crashes = crashes;
        this.planner = planner;
    }

    void check(EndpointRepository.Row row, List<Replica> slots) {
        String healthPath = planner.healthPath(row);
        for (Replica slot : slots) {
            Optional<ReplicaHandle> handle = ReplicaProcesses.handle(slot);
            if (slot.state() != ReplicaState.READY || handle.isEmpty() || answers(handle.get(), healthPath)) {
                failedChecks.remove(slot.id());
            } else if (failedChecks.merge(slot.id(), 1, Integer::sum) >= FAILURES) {
                failedChecks.remove(slot.id());
                backend.stop(handle.get(), Duration.ZERO);
                Integer exitCode = backend.observe(handle.get()).exitCode().orElse(null);
                crashes.crashed(
                        row.endpoint().id(),
                        slot,
                        exitCode,
                        ReplicaProcesses.describe(slot) + " (pid " + slot.pid() + ") stopped answering " + healthPath
                                + " (" + FAILURES + " checks in a row) and was killed" + processes.withLog(slot));
            }
        }
    }

    private boolean answers(ReplicaHandle handle, String healthPath) {
        try {
            return probe.answersHealth(handle, healthPath);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
