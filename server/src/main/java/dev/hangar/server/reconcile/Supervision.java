package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Keeps a running endpoint at its wanted replicas: starts slots added by scaling up, restarts
 * crashed ones once their backoff is over, removes slots scaled away, kills replicas that stopped
 * answering their health check, and rotates replica logs. It asks to be looked at again when the
 * next crashed replica's backoff is over, or for the next health check.
 */
@Component
class Supervision {

    private static final Duration SOON = Duration.ofMillis(200);

    private final LaunchPlanner planner;
    private final ReplicaSlots slots;
    private final ReplicaProcesses processes;
    private final Crashes crashes;
    private final ReplicaLiveness liveness;
    private final ReplicaBackend backend;
    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final Clock clock;

    Supervision(
            LaunchPlanner planner,
            ReplicaSlots slots,
            ReplicaProcesses processes,
            Crashes crashes,
            ReplicaLiveness liveness,
            ReplicaBackend backend,
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            Clock clock) {
        this.planner = planner;
        this.slots = slots;
        this.processes = processes;
        this.crashes = crashes;
        this.liveness = liveness;
        this.backend = backend;
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.clock = clock;
    }

    Decision supervise(EndpointRepository.Row row) {
        String id = row.endpoint().id();
        Instant now = clock.instant();
        List<Replica> current = replicas.of(id);
        current.stream().map(ReplicaProcesses::handle).flatMap(Optional::stream).forEach(backend::maintain);
        liveness.check(row, current);
        int wanted = row.endpoint().replicas();
        if (current.size() == wanted && current.stream().noneMatch(s -> needsStart(s, now))) {
            return nextLook(current, now);
        }
        LaunchPlanner.Planning planning = planner.plan(row);
        if (planning instanceof LaunchPlanner.Unlaunchable refused) {
            String why = "cannot start replicas: " + refused.reason();
            EndpointState state = refused.state() == EndpointState.NO_APP_FILE
                    ? EndpointState.NO_APP_FILE
                    : EndpointState.RUNTIME_ERROR;
            if (endpoints.observe(
                    id,
                    row.generation(),
                    state,
                    refused.reason(),
                    row.endpoint().progress(),
                    now)) {
                endpoints.recordEvent(id, "error", null, why, now);
                slots.stopAll(id, planner.stopGrace(row), "the endpoint cannot be launched any more");
            }
            return new Decision.Failed(why, false);
        }
        LaunchPlan plan = ((LaunchPlanner.Planned) planning).plan();
        BooleanSupplier wantedNow = () -> endpoints.stillWanted(id, row.generation(), EndpointState.RUNNING);
        List<Replica> toStart = slots.ensure(id, wanted, plan).stream()
                .filter(s -> needsStart(s, now))
                .toList();
        Parallel.map(toStart, slot -> {
            start(row, plan, slot, wantedNow);
            return slot;
        });
        return nextLook(replicas.of(id), clock.instant());
    }

    /** When to look again: when the first crashed replica's backoff is over, else for the next health check of ready ones. */
    static Decision nextLook(List<Replica> slots, Instant now) {
        Optional<Instant> restart = slots.stream()
                .filter(s -> s.pid() == null && s.state() == ReplicaState.FAILED && s.nextStartAt() != null)
                .map(Replica::nextStartAt)
                .min(Instant::compareTo);
        if (restart.isPresent()) {
            Duration wait = Duration.between(now, restart.get());
            return new Decision.Requeue(
                    wait.compareTo(SOON) < 0 ? SOON : wait, "a crashed replica starts again after its backoff");
        }
        if (slots.stream().anyMatch(s -> s.state() == ReplicaState.READY && s.pid() != null)) {
            return new Decision.Requeue(ReplicaLiveness.INTERVAL, "the next health check of the ready replicas");
        }
        return new Decision.Done(slots.size() + " replica(s), none ready");
    }

    private void start(EndpointRepository.Row row, LaunchPlan plan, Replica slot, BooleanSupplier wanted) {
        boolean restart = slot.state() == ReplicaState.FAILED;
        Result<ReplicaProcesses.Started> started = processes.spawn(plan, slot, row.generation(), restart, wanted);
        Result<ReplicaHandle> verified = started.succeeded()
                ? processes.verify(plan, slot, started.value().orElseThrow())
                : Result.failed(started.failure().orElseThrow());
        if (verified.failure().isPresent() && wanted.getAsBoolean()) {
            started.value().ifPresent(s -> backend.stop(s.handle(), plan.stopGrace()));
            ReplicaProcesses.Failure failure = verified.failure().get();
            crashes.crashed(row.endpoint().id(), slot, failure.exitCode().orElse(null), failure.reason());
        }
    }

    /** A slot without a process that should have one: new (stopped) or crashed and past its backoff. */
    private static boolean needsStart(Replica slot, Instant now) {
        if (slot.pid() != null) {
            return false;
        }
        return slot.state() == ReplicaState.STOPPED
                || slot.state() == ReplicaState.STARTING
                || (slot.state() == ReplicaState.FAILED
                        && (slot.nextStartAt() == null || !slot.nextStartAt().isAfter(now)));
    }
}
