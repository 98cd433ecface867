package dev.hangar.server.reconcile;

import dev.hangar.server.core.BoundedProcess;
import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaLogReader;
import dev.hangar.server.endpoint.ReplicaRepository;
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
import java.util.function.BooleanSupplier;
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

    /** A started process that answers its health check. */
    record Started(ReplicaHandle handle, LaunchSpec spec) {}

    /** Why a replica did not come up: the reason for people, and the exit code when its process ended. */
    record Failure(String reason, Optional<Integer> exitCode) {}

    private final ReplicaBackend backend;
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
            ReplicaBackend backend,
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
     * Starts a process for the slot and waits until it answers its health check, or it ends, or
     * {@code wanted} turns false (the endpoint was stopped meanwhile). A process that is not
     * healthy in time is stopped.
     */
    Result<Started> spawn(LaunchPlan plan, Replica slot, int generation, boolean restart, BooleanSupplier wanted) {
        int port;
        synchronized (portLock) {
            try {
                port = ports.acquire(replicas.portsInUse(slot.host()));
            } catch (IllegalStateException e) {
                return Result.failed(new Failure(e.getMessage(), Optional.empty()));
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
            return Result.failed(
                    new Failure("cannot start " + spec.argv().getFirst() + ": " + e.getMessage(), Optional.empty()));
        }
        replicas.started(slot.id(), generation, handle.pid(), handle.processStart(), token, restart, clock.instant());
        event(slot, "info", describe(slot) + " starting: pid " + handle.pid() + " on port " + port);
        log.info(
                "replica {} of endpoint {} starting: pid {} on port {}",
                slot.id(),
                plan.servedName(),
                handle.pid(),
                port);
        boolean healthy;
        try {
            healthy = probe.awaitHealthy(
                    handle,
                    spec.healthPath(),
                    spec.readinessTimeout(),
                    () -> wanted.getAsBoolean() && backend.observe(handle).alive());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            healthy = false;
        }
        if (healthy) {
            return Result.ok(new Started(handle, spec));
        }
        ReplicaObservation seen = backend.observe(handle);
        if (seen.alive()) {
            backend.stop(handle, Duration.ofSeconds(5));
            String why = wanted.getAsBoolean()
                    ? "did not answer " + spec.healthPath() + " within "
                            + spec.readinessTimeout().toSeconds() + " s"
                    : "was stopped while starting";
            return Result.failed(new Failure(describe(slot) + " " + why + withLog(slot), Optional.empty()));
        }
        return Result.failed(new Failure(
                describe(slot) + " exited"
                        + seen.exitCode().map(c -> " with code " + c).orElse("") + " while starting" + withLog(slot),
                seen.exitCode()));
    }

    /** A start attempt during a deployment failed; the slot waits for the next attempt. */
    void failedAttempt(Replica slot, Failure failure, int attempt, int attempts) {
        replicas.failed(slot.id(), failure.exitCode().orElse(null), null);
        event(slot, "warning", "start attempt " + attempt + " of " + attempts + " failed: " + failure.reason());
    }

    /** Sends the smoke request (and checks the replica takes its token), runs the runtime's after-start commands, and marks the slot ready. */
    Result<ReplicaHandle> verify(LaunchPlan plan, Replica slot, Started started) {
        ReplicaHandle handle = started.handle();
        if (plan.runtime().builtIn()) {
            ReplicaProbe.Identity identity;
            try {
                identity = probe.identify(handle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.failed(
                        new Failure(describe(slot) + ": interrupted, the server is stopping", Optional.empty()));
            }
            if (identity == ReplicaProbe.Identity.ANOTHER) {
                return Result.failed(new Failure(
                        describe(slot) + ": the process on port " + handle.port() + " is not the one Hangar started",
                        Optional.empty()));
            }
        }
        for (List<String> command : started.spec().afterStart()) {
            Optional<Failure> failed = runAfterStart(slot, command);
            if (failed.isPresent()) {
                return Result.failed(failed.get());
            }
        }
        SmokeResult smoke;
        try {
            smoke = probe.smoke(handle, plan.servedName(), plan.embeddings());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(
                    new Failure(describe(slot) + ": interrupted, the server is stopping", Optional.empty()));
        }
        if (!smoke.ok()) {
            return Result.failed(new Failure(
                    describe(slot) + " failed its smoke request: " + smoke.detail() + withLog(slot), Optional.empty()));
        }
        replicas.ready(slot.id(), clock.instant());
        event(slot, "info", describe(slot) + " ready at " + handle.address() + " (pid " + handle.pid() + ")");
        return Result.ok(handle);
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
                "info",
                describe(slot) + " stopped (" + why + ")"
                        + seen.exitCode().map(c -> ", exit code " + c).orElse(""));
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
                return Optional.of(new Failure(
                        describe(slot) + ": " + String.join(" ", command) + " failed: "
                                + outcome.output().strip(),
                        Optional.empty()));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Failure(
                    describe(slot) + ": cannot run " + command.getFirst() + ": " + e.getMessage(), Optional.empty()));
        }
    }

    private void event(Replica slot, String level, String message) {
        endpoints.recordEvent(slot.endpointId(), level, slot.id(), message, clock.instant());
    }

    private String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
