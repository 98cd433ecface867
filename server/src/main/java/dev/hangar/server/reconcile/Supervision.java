package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Keeps a running endpoint at its wanted replicas: starts slots added by scaling up, restarts
 * crashed ones once their backoff is over, removes slots scaled away, and rotates replica logs. It
 * notices replicas whose process is alive but no longer answers (hung, deadlocked, paused): each
 * ready replica's health is checked at every pass, which comes at least every
 * {@link #HEALTH_CHECK_INTERVAL}, and after {@value #FAILED_CHECKS} failed checks in a row its
 * process is killed, so the crash path restarts it like any other crash. It asks to be looked at
 * again when the next crashed replica's backoff is over, soon while replicas come up, or for the
 * next health check.
 */
@Component
class Supervision {

    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(3);
    private static final int FAILED_CHECKS = 3;

    private final LaunchPlanner planner;
    private final ReplicaSlots slots;
    private final ReplicaProcesses processes;
    private final Crashes crashes;
    private final ReplicaProbe probe;
    private final Map<String, Integer> failedChecks = new ConcurrentHashMap<>();
    private final ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend;
    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final Clock clock;

    Supervision(
            LaunchPlanner planner,
            ReplicaSlots slots,
            ReplicaProcesses processes,
            Crashes crashes,
            ReplicaProbe probe,
            ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend,
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            Clock clock) {
        this.planner = planner;
        this.slots = slots;
        this.processes = processes;
        this.crashes = crashes;
        this.probe = probe;
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
        checkHealth(row, current);
        int wanted = row.endpoint().replicas();
        if (current.size() == wanted && current.stream().noneMatch(s -> needsStart(s, now))) {
            describe(row, current);
            return nextLook(current, now);
        }
        LaunchPlanner.Planning planning = planner.plan(row);
        if (planning instanceof LaunchPlanner.Unlaunchable refused) {
            Message why = MessageCode.EVENT_CANNOT_START.with("reason", refused.reason());
            EndpointState state = refused.state() == EndpointState.NO_APP_FILE
                    ? EndpointState.NO_APP_FILE
                    : EndpointState.RUNTIME_ERROR;
            if (endpoints.observe(row, state, refused.reason(), now)) {
                endpoints.recordEvent(id, EventLevel.ERROR, null, why, now);
                slots.stopAll(id, planner.stopGrace(row), "the endpoint cannot be launched any more");
            }
            return new Decision.Failed(why.text(), false);
        }
        LaunchPlan plan = ((LaunchPlanner.Planned) planning).plan();
        BooleanSupplier wantedNow = () -> endpoints.stillWanted(id, row.generation(), EndpointState.RUNNING);
        List<Replica> toStart = slots.ensure(id, wanted, plan.stopGrace()).stream()
                .filter(s -> needsStart(s, now))
                .toList();
        Parallel.map(toStart, slot -> {
            start(row, plan, slot, wantedNow);
            return slot;
        });
        List<Replica> after = replicas.of(id);
        describe(row, after);
        return nextLook(after, clock.instant());
    }

    /** What a Running endpoint serves on, e.g. "serving tiny on 2 replica(s): http://…, http://…". */
    static Message serving(String name, List<String> addresses, int wanted) {
        if (addresses.isEmpty()) {
            return MessageCode.REASON_SERVING_NONE.with("name", name, "wanted", wanted);
        }
        String listed = String.join(", ", addresses);
        return addresses.size() == wanted
                ? MessageCode.REASON_SERVING.with("name", name, "count", wanted, "addresses", listed)
                : MessageCode.REASON_SERVING_SOME.with(
                        "name", name, "ready", addresses.size(), "wanted", wanted, "addresses", listed);
    }

    /** Keeps the endpoint's reason saying how many replicas serve it, as scaling and crashes change that. */
    private void describe(EndpointRepository.Row row, List<Replica> current) {
        List<String> ready = current.stream()
                .filter(slot -> slot.state() == ReplicaState.READY && slot.address() != null)
                .map(Replica::address)
                .toList();
        Message reason = serving(row.endpoint().name(), ready, row.endpoint().replicas());
        if (!reason.text().equals(row.endpoint().stateReason())) {
            endpoints.describeRunning(row.endpoint().id(), row.generation(), reason, clock.instant());
        }
    }

    private void checkHealth(EndpointRepository.Row row, List<Replica> slots) {
        String healthPath = planner.healthPath(row);
        for (Replica slot : slots) {
            Optional<ReplicaHandle> handle = ReplicaProcesses.handle(slot);
            if (slot.state() != ReplicaState.READY
                    || handle.isEmpty()
                    || probe.answersHealth(handle.get(), healthPath)) {
                failedChecks.remove(slot.id());
            } else if (failedChecks.merge(slot.id(), 1, Integer::sum) >= FAILED_CHECKS) {
                failedChecks.remove(slot.id());
                backend.stop(handle.get(), Duration.ZERO);
                crashes.crashed(
                        row.endpoint().id(),
                        slot,
                        backend.observe(handle.get()).exitCode().orElse(null),
                        ReplicaProcesses.describe(slot) + " (pid " + slot.pid() + ") stopped answering " + healthPath
                                + " (" + FAILED_CHECKS + " checks in a row) and was killed" + processes.withLog(slot));
            }
        }
    }

    /**
     * When to look again: when the first crashed replica's backoff is over, soon while replicas
     * are coming up, else for the next health check of ready ones.
     */
    static Decision nextLook(List<Replica> slots, Instant now) {
        Optional<Instant> restart = slots.stream()
                .filter(s -> s.pid() == null && s.state() == ReplicaState.FAILED && s.nextStartAt() != null)
                .map(Replica::nextStartAt)
                .min(Instant::compareTo);
        if (restart.isPresent()) {
            Duration wait = Duration.between(now, restart.get());
            return new Decision.Requeue(
                    wait.compareTo(ReplicaProcesses.COMING_UP_POLL) < 0 ? ReplicaProcesses.COMING_UP_POLL : wait,
                    "a crashed replica starts again after its backoff");
        }
        if (slots.stream().anyMatch(s -> s.state() == ReplicaState.STARTING)) {
            return new Decision.Requeue(ReplicaProcesses.COMING_UP_POLL, "replicas are coming up");
        }
        if (slots.stream().anyMatch(s -> s.state() == ReplicaState.READY && s.pid() != null)) {
            return new Decision.Requeue(HEALTH_CHECK_INTERVAL, "the next health check of the ready replicas");
        }
        return new Decision.Done(slots.size() + " replica(s), none ready");
    }

    /** One step of bringing the slot up; a replica that is up is verified, one that is down counts as a crash. */
    private void start(EndpointRepository.Row row, LaunchPlan plan, Replica slot, BooleanSupplier wanted) {
        boolean restart = slot.state() == ReplicaState.FAILED;
        ReplicaProcesses.Startup startup = processes.startup(plan, slot, row.generation(), restart);
        Optional<ReplicaProcesses.Failure> failure = switch (startup) {
            case ReplicaProcesses.Startup.Up up -> processes.verify(plan, slot, up.started());
            case ReplicaProcesses.Startup.Down down -> Optional.of(down.failure());
            case ReplicaProcesses.Startup.ComingUp comingUp -> Optional.empty();
        };
        if (failure.isPresent() && wanted.getAsBoolean()) {
            if (startup instanceof ReplicaProcesses.Startup.Up up) {
                backend.stop(up.started().handle(), plan.stopGrace());
            }
            crashes.crashed(
                    row.endpoint().id(),
                    slot,
                    failure.get().exitCode().orElse(null),
                    failure.get().reason());
        }
    }

    /** A slot coming up, or one without a process that should have one: new (stopped) or crashed and past its backoff. */
    private static boolean needsStart(Replica slot, Instant now) {
        return slot.state() == ReplicaState.STARTING
                || (slot.pid() == null
                        && (slot.state() == ReplicaState.STOPPED
                                || (slot.state() == ReplicaState.FAILED
                                        && (slot.nextStartAt() == null
                                                || !slot.nextStartAt().isAfter(now)))));
    }
}
