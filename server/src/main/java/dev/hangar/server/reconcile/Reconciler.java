package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.DesiredState;
import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointControl;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The level-triggered loop that makes the world match the database. A pass over an endpoint
 * notices replica processes that ended, then converges (stop what should not run, take a
 * deployment its next steps, keep a running endpoint at its replicas) and returns a
 * {@link Decision}, from which the endpoint's next pass is scheduled. An endpoint is also looked
 * at when the API changes it, when one of its processes exits, and at every safety poll. Passes
 * run on virtual threads, never two at once for the same endpoint.
 */
@Component
class Reconciler implements EndpointControl, ServerReplicas, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration STOP_WAIT = Duration.ofMinutes(2);

    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend;
    private final ReplicaProcesses processes;
    private final ReplicaSlots slots;
    private final ReplicaAdoption adoption;
    private final Deployment deployment;
    private final Supervision supervision;
    private final Crashes crashes;
    private final LaunchPlanner planner;
    private final EndpointFiles files;
    private final Clock clock;
    private final Duration safetyPoll;
    private final ReplicasAtExit atExit;
    private volatile ReplicasAtStart atStart;
    private final Map<String, Future<?>> inFlight = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final WakeSchedule schedule = new WakeSchedule();
    private final Semaphore wakeUp = new Semaphore(0);
    private ExecutorService work;
    private Thread loop;
    private volatile boolean running;

    Reconciler(
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend,
            ReplicaProcesses processes,
            ReplicaSlots slots,
            ReplicaAdoption adoption,
            Deployment deployment,
            Supervision supervision,
            Crashes crashes,
            LaunchPlanner planner,
            EndpointFiles files,
            Clock clock,
            HangarProperties properties) {
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.backend = backend;
        this.processes = processes;
        this.slots = slots;
        this.adoption = adoption;
        this.deployment = deployment;
        this.supervision = supervision;
        this.crashes = crashes;
        this.planner = planner;
        this.files = files;
        this.clock = clock;
        this.safetyPoll = properties.reconcile().safetyPoll();
        this.atExit = ReplicasAtExit.decide(properties.replicas().stopOnExitSetting(), ReplicasAtExit.inTerminal());
        this.atStart = new ReplicasAtStart(0, 0, atExit);
    }

    @Override
    public void wake(String endpointId) {
        schedule.wake(endpointId, clock.instant());
        wakeUp.release();
    }

    @Override
    public void stopReplicas(String endpointId) {
        awaitInFlight(endpointId);
        endpoints
                .findById(endpointId)
                .ifPresent(row -> slots.stopAll(endpointId, planner.stopGrace(row), "endpoint deleted"));
    }

    @Override
    public void removeFiles(String endpointId) {
        files.removeEndpoint(endpointId);
    }

    @Override
    public ReplicasAtStart atStart() {
        return atStart;
    }

    @Override
    public void start() {
        atStart = adoption.adoptAll(atExit);
        work = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("reconcile-", 0).factory());
        running = true;
        loop = Thread.ofPlatform().name("reconciler").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        wakeUp.release();
        if (loop != null) {
            loop.interrupt();
        }
        if (work != null) {
            work.shutdownNow();
        }
        List<Replica> live = replicas.withProcess();
        if (live.isEmpty()) {
            log.info("no replica is left running");
        } else if (atExit.stop()) {
            log.info("stopping {} replica(s) after they drain: {}", live.size(), running(live));
            for (EndpointRepository.Row row : endpoints.findAll()) {
                slots.stopAll(row.endpoint().id(), planner.stopGrace(row), "the server is shutting down");
            }
            int left = replicas.withProcess().size();
            log.info(
                    left == 0 ? "no replica is left running" : "{} replica(s) did not stop and are left running", left);
        } else {
            log.info(
                    "left running for the next start to adopt: {}; stop them with 'hangar endpoints stop NAME', or"
                            + " start with --stop-replicas-on-exit",
                    running(live));
        }
    }

    /** The replicas as "name #0 (pid 123, port 8100), …", for the lines about what the server leaves running. */
    private String running(List<Replica> live) {
        Map<String, String> names = new HashMap<>();
        return live.stream()
                .map(slot -> names.computeIfAbsent(
                                slot.endpointId(),
                                id -> endpoints
                                        .findById(id)
                                        .map(row -> row.endpoint().name())
                                        .orElse(id))
                        + " #" + slot.ordinal() + " (pid " + slot.pid() + ", port " + slot.port() + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        Instant sweepAt = Instant.MIN;
        while (running) {
            Instant now = clock.instant();
            boolean sweep = !now.isBefore(sweepAt);
            sweepAt = sweep ? now.plus(safetyPoll) : sweepAt;
            try {
                List<String> ids = sweep
                        ? endpoints.ids().stream()
                                .filter(id -> !schedule.backingOff(id, now))
                                .toList()
                        : schedule.dueAt(now, this::free);
                ids.forEach(this::submit);
            } catch (RuntimeException e) {
                log.warn("listing the endpoints failed ({}); trying again in {}", e, safetyPoll);
            }
            long wait = Duration.between(clock.instant(), schedule.next(sweepAt, this::free))
                    .toMillis();
            try {
                wakeUp.tryAcquire(Math.max(wait, 0), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean free(String id) {
        return !inFlight.containsKey(id);
    }

    private void submit(String id) {
        inFlight.computeIfAbsent(id, key -> work.submit(() -> pass(key)));
    }

    private void pass(String id) {
        try {
            schedule.begin(id);
            Decision decision;
            try {
                decision = reconcile(id);
            } catch (RuntimeException e) {
                decision = unexpected(id, e);
            }
            schedule.decided(id, decision, clock.instant());
        } finally {
            inFlight.remove(id);
            wakeUp.release();
        }
    }

    /** A pass that threw: the stack trace is logged once per run of failures, the endpoint's events say when it is tried again. */
    private Decision unexpected(String id, RuntimeException e) {
        int inARow = schedule.failuresInARow(id);
        long seconds = WakeSchedule.backoff(inARow + 1).toSeconds();
        String condition = "reconciling the endpoint failed (" + e + "); trying again in " + seconds + " s";
        if (inARow == 0) {
            log.error("endpoint {}: {}", id, condition, e);
        } else {
            log.warn("endpoint {}: {}", id, condition);
        }
        try {
            Message event = MessageCode.EVENT_PASS_FAILED.with("error", e, "seconds", seconds);
            endpoints.recordEvent(id, EventLevel.ERROR, null, event, clock.instant());
        } catch (RuntimeException unrecorded) {
            log.warn("endpoint {}: the event could not be recorded either ({})", id, unrecorded.toString());
        }
        return new Decision.Failed(condition, true);
    }

    private Decision reconcile(String id) {
        endpoints.findById(id).ifPresent(this::noticeEndedProcesses);
        // read again: a process that ended may have changed the endpoint's state
        EndpointRepository.Row row = endpoints.findById(id).orElse(null);
        if (row == null) {
            return new Decision.Done("deleted");
        }
        EndpointState state = row.endpoint().state();
        if (row.desired() == DesiredState.STOPPED) {
            return stopEndpoint(row);
        } else if (state.deploying()) {
            return deployment.run(row);
        } else if (state == EndpointState.RUNNING && row.endpoint().spec() instanceof Endpoint.ModelSpec) {
            return supervision.supervise(row);
        } else if (state.failed() && replicas.of(id).stream().anyMatch(s -> s.pid() != null)) {
            slots.stopAll(id, planner.stopGrace(row), "the endpoint is " + state);
        }
        return new Decision.Done(state.toString());
    }

    private void noticeEndedProcesses(EndpointRepository.Row row) {
        for (Replica slot : replicas.of(row.endpoint().id())) {
            Optional<ReplicaHandle> handle = ReplicaProcesses.handle(slot);
            // a replica coming up is looked at by the step that brings it up, which counts its end
            if (handle.isEmpty() || (slot.state() == ReplicaState.STARTING && row.desired() == DesiredState.RUNNING)) {
                continue;
            }
            ReplicaObservation seen = backend.observe(handle.get());
            if (seen.alive()) {
                watch(row.endpoint().id(), handle.get());
                continue;
            }
            Integer exitCode = seen.exitCode().orElse(null);
            if (slot.state() == ReplicaState.STOPPING) {
                replicas.stopped(slot.id(), exitCode);
            } else if (row.desired() == DesiredState.RUNNING && row.endpoint().state() == EndpointState.RUNNING) {
                crashes.crashed(
                        row.endpoint().id(),
                        slot,
                        exitCode,
                        ReplicaProcesses.describe(slot) + " (pid " + slot.pid() + ") exited"
                                + (exitCode == null ? "" : " with code " + exitCode) + processes.withLog(slot));
            } else {
                replicas.failed(slot.id(), exitCode, clock.instant());
            }
        }
    }

    /** The next pass over the endpoint comes as soon as the process ends. */
    private void watch(String endpointId, ReplicaHandle handle) {
        String key = handle.replicaId() + "/" + handle.pid();
        if (watched.add(key)) {
            backend.exited(handle).whenComplete((ended, failure) -> {
                watched.remove(key);
                wake(endpointId);
            });
        }
    }

    private Decision stopEndpoint(EndpointRepository.Row row) {
        String id = row.endpoint().id();
        // a slot with an address and no process is a router endpoint's provider: it stops being routed to
        if (replicas.of(id).stream().anyMatch(s -> s.pid() != null || s.address() != null)) {
            slots.stopAll(id, planner.stopGrace(row), "endpoint stopped");
        }
        if (endpoints.observe(row, EndpointState.STOPPED, stoppedReason(row.endpoint()), clock.instant())) {
            endpoints.recordEvent(id, EventLevel.INFO, null, MessageCode.EVENT_STOPPED.with(), clock.instant());
        }
        return new Decision.Done("stopped");
    }

    /** "stopped", with why when the stop said so ("stopping: model 'x' was deleted by ..."). */
    private static Message stoppedReason(Endpoint stopping) {
        Map<String, Object> params = stopping.stateReasonParams();
        if (!MessageCode.REASON_STOPPING.code().equals(stopping.stateReasonCode())
                || params == null
                || !params.containsKey("why")) {
            return MessageCode.REASON_STOPPED.with();
        }
        Message reason = Message.restore(stopping.stateReasonCode(), params, stopping.stateReason());
        return MessageCode.REASON_STOPPED_BECAUSE.with("why", reason.params().get("why"));
    }

    private void awaitInFlight(String endpointId) {
        Future<?> pending = inFlight.get(endpointId);
        if (pending == null) {
            return;
        }
        try {
            pending.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("work on endpoint {} did not end in time; stopping its replicas anyway", endpointId);
        }
    }
}
