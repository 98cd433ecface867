package dev.hangar.server.reconcile;

import dev.hangar.server.core.BoundedProcess;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaLogReader;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.runtime.LaunchSpec;
import dev.hangar.server.runtime.RuntimeInstallations;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts, checks and stops the process of one replica slot, recording each step in the replica's
 * row and the endpoint's events: a port from the pool, the launch, the health check, the smoke
 * request (and for the built-in worker, that {@code /info} accepts the token it was started with).
 */
@Component
class ReplicaProcesses {

    private static final Logger log = LoggerFactory.getLogger(ReplicaProcesses.class);
    private static final int LOG_LINES_IN_EVENTS = 20;
    private static final Duration AFTER_START_TIMEOUT = Duration.ofMinutes(10);
    /** How soon a replica coming up is looked at again. */
    static final Duration COMING_UP_POLL = Duration.ofMillis(200);

    /** A started process that answers its health check. */
    record Started(ReplicaHandle handle, LaunchSpec spec) {}

    /** Where bringing a slot's process up stands after one step. */
    sealed interface Startup {
        record Up(Started started) implements Startup {}

        record ComingUp() implements Startup {}

        record Down(Failure failure) implements Startup {}
    }

    /** Why a replica did not come up: the reason for people, and the exit code when its process ended. */
    record Failure(String reason, Optional<Integer> exitCode) {

        Failure(String reason) {
            this(reason, Optional.empty());
        }
    }

    private final ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend;
    private final ReplicaProbe probe;
    private final ReplicaPorts ports;
    private final ReplicaLogReader logs;
    private final RuntimeInstallations installations;
    private final ReplicaRepository replicas;
    private final EndpointRepository endpoints;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Object portLock = new Object();

    ReplicaProcesses(
            ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend,
            ReplicaProbe probe,
            ReplicaPorts ports,
            ReplicaLogReader logs,
            RuntimeInstallations installations,
            ReplicaRepository replicas,
            EndpointRepository endpoints,
            Clock clock) {
        this.backend = backend;
        this.probe = probe;
        this.ports = ports;
        this.logs = logs;
        this.installations = installations;
        this.replicas = replicas;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /**
     * One step of bringing the slot's process up, never waiting: a slot without a process of this
     * generation gets one started; a started one is checked once. A process that ended, or that is
     * not answering its health check once the runtime's readiness timeout is over (then it is
     * stopped), is down.
     */
    Startup startup(LaunchPlan plan, Replica slot, int generation, boolean restart) {
        Optional<ReplicaHandle> running = handle(slot).filter(h -> slot.generation() == generation);
        if (running.isEmpty()) {
            return spawn(plan, slot, generation, restart);
        }
        ReplicaHandle handle = running.get();
        LaunchSpec spec = plan.spec(slot.host(), slot.port(), slot.id(), slot.token());
        ReplicaObservation seen = backend.observe(handle);
        if (!seen.alive()) {
            return new Startup.Down(new Failure(
                    describe(slot) + " exited"
                            + seen.exitCode().map(c -> " with code " + c).orElse("") + " while starting"
                            + withLog(slot),
                    seen.exitCode()));
        }
        if (probe.answersHealth(handle, spec.healthPath())) {
            return new Startup.Up(new Started(handle, spec));
        }
        if (seen.age().compareTo(spec.readinessTimeout()) < 0) {
            return new Startup.ComingUp();
        }
        backend.stop(handle, Duration.ofSeconds(5));
        return new Startup.Down(new Failure(describe(slot) + " did not answer " + spec.healthPath() + " within "
                + spec.readinessTimeout().toSeconds() + " s" + withLog(slot)));
    }

    private Startup spawn(LaunchPlan plan, Replica slot, int generation, boolean restart) {
        int port;
        synchronized (portLock) {
            try {
                port = ports.acquire(replicas.portsInUse(slot.host()));
            } catch (IllegalStateException e) {
                return new Startup.Down(new Failure(e.getMessage()));
            }
            replicas.reservePort(slot.id(), port);
        }
        String token = newToken();
        LaunchSpec planned = plan.spec(slot.host(), port, slot.id(), token);
        LaunchSpec spec = installations
                .executable(planned.argv().getFirst())
                .map(found -> planned.withProgram(found.toString()))
                .orElse(planned);
        ReplicaHandle handle;
        try {
            handle = backend.start(
                    new ReplicaLaunch(slot.id(), token, slot.host(), port, spec, plan.env(), Path.of(slot.logFile())));
        } catch (IOException e) {
            return new Startup.Down(new Failure("cannot start " + spec.argv().getFirst() + ": " + e.getMessage()));
        }
        if (!replicas.started(
                slot.id(),
                generation,
                handle.address(),
                handle.pid(),
                handle.processStart(),
                token,
                restart,
                clock.instant())) {
            // the slot moved meanwhile (stopped, scaled away): a process without a slot goes; the next look sees why
            backend.stop(handle, Duration.ZERO);
            return new Startup.ComingUp();
        }
        event(
                slot,
                EventLevel.INFO,
                MessageCode.EVENT_REPLICA_STARTING.with("ordinal", slot.ordinal(), "pid", handle.pid(), "port", port));
        log.info(
                "replica {} of endpoint {} starting: pid {} on port {}",
                slot.id(),
                plan.servedName(),
                handle.pid(),
                port);
        return new Startup.ComingUp();
    }

    /** A start attempt during a deployment failed; the slot waits for the next attempt. */
    void failedAttempt(Replica slot, Failure failure, int attempt, int attempts) {
        replicas.failed(slot.id(), failure.exitCode().orElse(null), null);
        event(
                slot,
                EventLevel.WARNING,
                MessageCode.EVENT_START_ATTEMPT_FAILED.with(
                        "attempt", attempt, "attempts", attempts, "reason", failure.reason()));
    }

    /** Sends the smoke request (and checks the replica takes its token), runs the runtime's after-start commands, and marks the slot ready. */
    Optional<Failure> verify(LaunchPlan plan, Replica slot, Started started) {
        ReplicaHandle handle = started.handle();
        if (plan.runtime().builtIn() && probe.identify(handle) == ReplicaProbe.Identity.ANOTHER) {
            return Optional.of(new Failure(
                    describe(slot) + ": the process on port " + handle.port() + " is not the one Hangar started"));
        }
        for (List<String> command : started.spec().afterStart()) {
            Optional<Failure> failed = runAfterStart(slot, command);
            if (failed.isPresent()) {
                return failed;
            }
        }
        SmokeResult smoke = probe.smoke(handle, plan.servedName(), plan.embeddings());
        if (!smoke.ok()) {
            return Optional.of(
                    new Failure(describe(slot) + " failed its smoke request: " + smoke.detail() + withLog(slot)));
        }
        if (!replicas.ready(slot.id(), clock.instant())) {
            return Optional.of(new Failure(describe(slot) + " was stopped or failed while it was being verified"));
        }
        event(
                slot,
                EventLevel.INFO,
                MessageCode.EVENT_REPLICA_READY.with(
                        "ordinal", slot.ordinal(), "address", handle.address(), "pid", handle.pid()));
        return Optional.empty();
    }

    /** Stops the slot's process, if it has one, and records the slot as stopped. */
    void stop(Replica slot, Duration grace, String why) {
        Optional<ReplicaHandle> handle = handle(slot);
        if (handle.isEmpty()) {
            replicas.stopped(slot.id(), null);
            return;
        }
        replicas.stopping(slot.id());
        backend.stop(handle.get(), grace);
        ReplicaObservation seen = backend.observe(handle.get());
        replicas.stopped(slot.id(), seen.exitCode().orElse(null));
        event(
                slot,
                EventLevel.INFO,
                seen.exitCode()
                        .map(code -> MessageCode.EVENT_REPLICA_STOPPED_CODE.with(
                                "ordinal", slot.ordinal(), "why", why, "code", code))
                        .orElseGet(
                                () -> MessageCode.EVENT_REPLICA_STOPPED.with("ordinal", slot.ordinal(), "why", why)));
    }

    /** The slot's process as the backend knows it; empty when the slot has none. */
    static Optional<ReplicaHandle> handle(Replica slot) {
        if (slot.pid() == null || slot.processStart() == null || slot.port() == null) {
            return Optional.empty();
        }
        return Optional.of(new ReplicaHandle(
                slot.id(),
                slot.pid(),
                slot.processStart(),
                slot.host(),
                slot.port(),
                Path.of(slot.logFile()),
                slot.token()));
    }

    /** The last lines of the slot's log, for an event about why it failed. */
    String withLog(Replica slot) {
        try {
            List<String> tail = logs.tail(Path.of(slot.logFile()), LOG_LINES_IN_EVENTS);
            return tail.isEmpty() ? "" : "; last log lines:\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "; its log " + slot.logFile() + " cannot be read: " + e.getMessage();
        }
    }

    static String describe(Replica slot) {
        return "replica #" + slot.ordinal();
    }

    private Optional<Failure> runAfterStart(Replica slot, List<String> command) {
        try {
            BoundedProcess.Outcome outcome = BoundedProcess.run(command, AFTER_START_TIMEOUT, 4096);
            if (!outcome.succeeded()) {
                return Optional.of(new Failure(describe(slot) + ": " + String.join(" ", command) + " failed: "
                        + outcome.output().strip()));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(
                    new Failure(describe(slot) + ": cannot run " + command.getFirst() + ": " + e.getMessage()));
        }
    }

    private void event(Replica slot, EventLevel level, Message message) {
        endpoints.recordEvent(slot.endpointId(), level, slot.id(), message, clock.instant());
    }

    private String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
