package dev.hangar.server.backend.local;

import dev.hangar.server.core.ExecutableSearch;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.reconcile.ReplicaBackend;
import dev.hangar.server.reconcile.ReplicaHandle;
import dev.hangar.server.reconcile.ReplicaLaunch;
import dev.hangar.server.reconcile.ReplicaObservation;
import dev.hangar.server.runtime.LaunchSpec;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs each replica as a process on this machine. The process gets its own session (through
 * {@code setsid}), so it outlives the server and a Ctrl-C in the server's terminal; its output is
 * appended to the replica's log. A process counts as the replica only while its pid and its start
 * time both match the handle, so a recycled pid is never reported as the replica, nor killed.
 */
@Component
public class LocalReplicaBackend implements ReplicaBackend<ReplicaLaunch, ReplicaHandle> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalReplicaBackend.class);
    /** Start times are read from /proc with a boot time in whole seconds, so two readings may differ by one. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** How long the exit code of a child stays known after it ended. */
    private static final Duration REMEMBER_ENDED = Duration.ofMinutes(10);

    private final ReplicaLogs logs;
    private final Clock clock;
    private final ReplicaEnvironment environment;
    private final Optional<Path> setsid;
    private final Map<Long, Child> children = new ConcurrentHashMap<>();

    /** A process this backend started: its exit code is known when it ends. */
    private record Child(Process process, Instant start) {}

    @Autowired
    public LocalReplicaBackend(ReplicaLogs logs, Clock clock, HangarProperties properties) {
        this(logs, clock, new ReplicaEnvironment(properties.replicas().envInherit()));
    }

    LocalReplicaBackend(ReplicaLogs logs, Clock clock, ReplicaEnvironment environment) {
        this.logs = logs;
        this.clock = clock;
        this.environment = environment;
        this.setsid = ExecutableSearch.find("setsid");
        if (setsid.isEmpty()) {
            LOG.warn("setsid is not on the PATH: replicas stay in the server's session, so a Ctrl-C in the"
                    + " server's terminal stops them too (install util-linux to keep them running)");
        }
    }

    @Override
    public ReplicaHandle start(ReplicaLaunch launch) throws IOException {
        LaunchSpec spec = launch.spec();
        Path workDir = spec.workDir().toAbsolutePath().normalize();
        writeFiles(workDir, spec.files());
        ProcessBuilder builder = new ProcessBuilder(command(spec.argv()))
                .directory(workDir.toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(launch.logFile().toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment.of(System.getenv(), launch));
        requireProgram(spec.argv().getFirst(), builder.environment().get("PATH"), workDir);
        openLog(launch);

        Process process = builder.start();
        Instant started = process.info().startInstant().orElseGet(clock::instant);
        Child child = new Child(process, started);
        children.put(process.pid(), child);
        process.onExit().thenRun(() -> ended(launch, child));
        LOG.info(
                "Started replica {} as pid {} on {}:{}; output goes to {}",
                launch.replicaId(),
                process.pid(),
                launch.host(),
                launch.port(),
                launch.logFile());
        return new ReplicaHandle(
                launch.replicaId(),
                process.pid(),
                started,
                launch.host(),
                launch.port(),
                launch.logFile(),
                launch.token());
    }

    private List<String> command(List<String> argv) {
        if (setsid.isEmpty()) {
            return argv;
        }
        // setsid execs in place (same pid) because a child of the JVM is not a process group leader.
        List<String> command = new ArrayList<>(argv.size() + 1);
        command.add(setsid.get().toString());
        command.addAll(argv);
        return command;
    }

    private static void writeFiles(Path workDir, Map<String, String> files) throws IOException {
        Files.createDirectories(workDir);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = workDir.resolve(file.getKey()).normalize();
            if (!target.startsWith(workDir) || target.equals(workDir)) {
                throw new IOException("the launch file '" + file.getKey() + "' would be written outside " + workDir);
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Fails the start when the program does not exist: behind setsid, a missing program would
     * otherwise only show as a replica that exits at once.
     */
    private static void requireProgram(String program, String path, Path workDir) throws IOException {
        boolean found = program.contains("/")
                ? Files.isExecutable(workDir.resolve(program))
                : ExecutableSearch.find(path, program).isPresent();
        if (!found) {
            throw new IOException("cannot run '" + program + "': "
                    + (program.contains("/") ? "no such executable file" : "not found on the PATH " + path));
        }
    }

    private void openLog(ReplicaLaunch launch) throws IOException {
        Path log = launch.logFile();
        Files.createDirectories(log.toAbsolutePath().getParent());
        logs.rotateIfLarge(log);
        String banner = "--- replica " + launch.replicaId() + " starting at " + clock.instant() + ": "
                + String.join(" ", launch.spec().argv()).replace(launch.token(), "<replica token>") + " ---\n";
        Files.writeString(log, banner, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void ended(ReplicaLaunch launch, Child child) {
        int code = child.process().exitValue();
        if (code == 0) {
            LOG.info(
                    "Replica {} (pid {}) exited with code 0",
                    launch.replicaId(),
                    child.process().pid());
        } else {
            LOG.warn(
                    "Replica {} (pid {}) exited with code {}{}; its output is in {}",
                    launch.replicaId(),
                    child.process().pid(),
                    code,
                    code > 128 ? " (killed by signal " + (code - 128) + ")" : "",
                    launch.logFile());
        }
        CompletableFuture.delayedExecutor(REMEMBER_ENDED.toSeconds(), TimeUnit.SECONDS)
                .execute(() -> children.remove(child.process().pid(), child));
    }

    @Override
    public ReplicaObservation observe(ReplicaHandle replica) {
        // the process's start is this machine's time, as is Instant.now() (the server's clock may be set apart)
        Duration age = Duration.between(replica.processStart(), Instant.now());
        Optional<Child> child = ownChild(replica);
        if (child.isPresent()) {
            Process process = child.get().process();
            return process.isAlive()
                    ? ReplicaObservation.running(age)
                    : ReplicaObservation.ended(Optional.of(process.exitValue()));
        }
        return running(replica).isPresent()
                ? ReplicaObservation.running(age)
                : ReplicaObservation.ended(Optional.empty());
    }

    @Override
    public void maintain(ReplicaHandle replica) {
        try {
            logs.rotateIfLarge(replica.logFile());
        } catch (IOException e) {
            LOG.warn(
                    "cannot rotate the log {} of replica {}: {}",
                    replica.logFile(),
                    replica.replicaId(),
                    e.getMessage());
        }
    }

    /** A child's own future completes once its exit code is recorded, so observe sees it at once. */
    @Override
    public CompletableFuture<?> exited(ReplicaHandle replica) {
        return ownChild(replica)
                .<CompletableFuture<?>>map(child -> child.process().onExit())
                .or(() -> running(replica).map(ProcessHandle::onExit))
                .orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    @Override
    public void stop(ReplicaHandle replica, Duration grace) {
        Optional<ProcessHandle> found = running(replica);
        if (found.isEmpty()) {
            LOG.info(
                    "Replica {} (pid {}) is not running (or the pid belongs to another process now); nothing to stop",
                    replica.replicaId(),
                    replica.pid());
            return;
        }
        ProcessHandle process = found.get();
        CompletableFuture<?> exit = exited(replica);
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            LOG.info(
                    "Stopping replica {} (pid {}): SIGTERM, then up to {} s to finish",
                    replica.replicaId(),
                    replica.pid(),
                    grace.toSeconds());
            process.destroy();
            if (!exits(exit, grace)) {
                LOG.warn(
                        "Replica {} (pid {}) still runs {} s after SIGTERM; killing it",
                        replica.replicaId(),
                        replica.pid(),
                        grace.toSeconds());
                process.destroyForcibly();
                if (!exits(exit, KILL_WAIT)) {
                    LOG.error(
                            "Replica {} (pid {}) is still there {} s after SIGKILL; it may be stuck in the kernel"
                                    + " (state D in ps)",
                            replica.replicaId(),
                            replica.pid(),
                            KILL_WAIT.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            LOG.warn("Interrupted while stopping replica {}; killed pid {}", replica.replicaId(), replica.pid());
        }
        for (ProcessHandle left : descendants) {
            if (left.isAlive()) {
                LOG.warn("Killing pid {}, left running by replica {}", left.pid(), replica.replicaId());
                left.destroyForcibly();
            }
        }
    }

    /** The process behind the handle while it runs: a child of this server or one adopted from an earlier run. */
    private Optional<ProcessHandle> running(ReplicaHandle replica) {
        Optional<Child> child = ownChild(replica);
        if (child.isPresent()) {
            return Optional.of(child.get().process().toHandle()).filter(ProcessHandle::isAlive);
        }
        return ProcessHandle.of(replica.pid())
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .startInstant()
                        .map(start -> sameStart(start, replica.processStart()))
                        .orElse(false));
    }

    private Optional<Child> ownChild(ReplicaHandle replica) {
        return Optional.ofNullable(children.get(replica.pid()))
                .filter(child -> sameStart(child.start(), replica.processStart()));
    }

    private static boolean sameStart(Instant a, Instant b) {
        return Duration.between(a, b).abs().compareTo(SAME_START) <= 0;
    }

    private static boolean exits(CompletableFuture<?> exit, Duration within) throws InterruptedException {
        try {
            exit.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for a replica's process to end failed", e.getCause());
        }
    }
}
