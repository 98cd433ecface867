package dev.hangar.server.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.core.ExecutableSearch;
import dev.hangar.server.reconcile.ReplicaHandle;
import dev.hangar.server.reconcile.ReplicaLaunch;
import dev.hangar.server.reconcile.ReplicaObservation;
import dev.hangar.server.reconcile.ReplicaProbe;
import dev.hangar.server.reconcile.SmokeResult;
import dev.hangar.server.runtime.EngineArgValidator;
import dev.hangar.server.runtime.LaunchRequest;
import dev.hangar.server.runtime.LaunchSpec;
import dev.hangar.server.runtime.RuntimeCatalog;
import dev.hangar.server.runtime.RuntimeSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Real replica processes on this machine: the built-in worker, and small shell programs standing in for runtimes. */
class LocalReplicaBackendIT {

    @TempDir
    Path dir;

    private final LocalReplicaBackend backend = new LocalReplicaBackend(
            new ReplicaLogs(DataSize.ofMegabytes(10), 3), Clock.systemUTC(), new ReplicaEnvironment(List.of()));
    private final ReplicaProbe probe = new ReplicaProbe();
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void theBuiltInWorkerStartsAnswersAndDrainsWhenStopped() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
        RuntimeSpec runtime = new RuntimeCatalog().find("llama.cpp").orElseThrow();
        int port = freePort();
        LaunchSpec spec = runtime.launch(new LaunchRequest(
                model,
                "tiny-chat",
                EngineArgValidator.validate(runtime, Map.of("ctx-size", 1024)),
                "127.0.0.1",
                port,
                0,
                0,
                dir.resolve("rep_worker"),
                builtInWorker(),
                "tok_worker"));

        ReplicaHandle replica = start(new ReplicaLaunch(
                "rep_worker", "tok_worker", "127.0.0.1", port, spec, Map.of(), dir.resolve("logs/rep_worker.log")));

        ProcessHandle process = ProcessHandle.of(replica.pid()).orElseThrow();
        // setsid replaces itself with the runtime (exec, same pid), so the handle's pid becomes java's.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> process.info().command().orElse(""), command -> command.endsWith("/java"));
        assertThat(replica.processStart())
                .isEqualTo(process.info().startInstant().orElseThrow());
        await().atMost(spec.readinessTimeout()).until(() -> probe.answersHealth(replica, spec.healthPath()));
        SmokeResult smoke = probe.smoke(replica, "tiny-chat", false);
        assertThat(smoke.ok()).as(smoke.detail()).isTrue();
        assertThat(backend.observe(replica))
                .extracting(ReplicaObservation::alive)
                .isEqualTo(true);
        assertThat(Files.readString(replica.logFile()))
                .startsWith("--- replica rep_worker starting at ")
                .contains("listening on http://127.0.0.1:" + port);

        backend.stop(replica, Duration.ofSeconds(10));

        assertThat(process.isAlive()).isFalse();
        assertThat(backend.observe(replica)).isEqualTo(ReplicaObservation.ended(Optional.of(0)));
        assertThat(Files.readString(replica.logFile())).contains("hangar worker drained; exiting");
    }

    @Test
    void theReplicaRunsInItsOwnSessionWithItsIdentityAndFiles() throws Exception {
        assumeThat(ExecutableSearch.find("setsid"))
                .as("setsid (util-linux) is on the PATH")
                .isPresent();
        ReplicaHandle replica = start(shell(
                "rep_env",
                "cat Modelfile; echo \"id=$HANGAR_REPLICA_ID token=$HANGAR_REPLICA_TOKEN\"; exec sleep 30",
                Map.of("Modelfile", "FROM /models/tiny.gguf\n")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Files.readString(replica.logFile()))
                        .contains("FROM /models/tiny.gguf\nid=rep_env token=tok_rep_env\n"));
        // Field 6 of /proc/<pid>/stat is the session id: the replica leads its own session, so a
        // Ctrl-C in the server's terminal (sent to the server's process group) does not reach it.
        String stat = Files.readString(Path.of("/proc/" + replica.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(Long.parseLong(fields[3])).isEqualTo(replica.pid());
    }

    @Test
    void aReplicaKilledFromOutsideIsSeenAsEndedWithTheKillsExitCode() throws Exception {
        ReplicaHandle replica = start(shell("rep_killed", "exec sleep 30", Map.of()));

        ProcessHandle.of(replica.pid()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !backend.observe(replica).alive());
        // The JDK reports a process killed by signal N as 128 + N.
        assertThat(backend.observe(replica).exitCode()).contains(137);
        // Reaped: no zombie is left behind.
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(Path.of("/proc/" + replica.pid())));
    }

    @Test
    void theExitOfAReplicaIsReportedWithItsCode() throws Exception {
        ReplicaHandle replica = start(shell("rep_boom", "echo boom; exit 3", Map.of()));

        backend.exited(replica).get(30, TimeUnit.SECONDS);

        assertThat(backend.observe(replica)).isEqualTo(ReplicaObservation.ended(Optional.of(3)));
        assertThat(backend.exited(replica)).as("asked again after the end").succeedsWithin(Duration.ofSeconds(5));
        assertThat(Files.readString(replica.logFile())).endsWith("boom\n");
    }

    @Test
    void aProcessFromAnEarlierServerRunIsObservedAndStoppedByPidAndStartTime() throws Exception {
        Process earlier = unrelatedSleep();
        ReplicaHandle adopted = handleOf(earlier, earlier.info().startInstant().orElseThrow());

        assertThat(backend.observe(adopted))
                .extracting(ReplicaObservation::alive)
                .isEqualTo(true);
        backend.stop(adopted, Duration.ofSeconds(5));

        assertThat(earlier.isAlive()).isFalse();
        assertThat(backend.observe(adopted)).isEqualTo(ReplicaObservation.ended(Optional.empty()));
    }

    @Test
    void aPidWithAnotherStartTimeIsNeitherTheReplicaNorStopped() throws Exception {
        Process stranger = unrelatedSleep();
        Instant anHourOff = stranger.info().startInstant().orElseThrow().minus(Duration.ofHours(1));
        ReplicaHandle stale = handleOf(stranger, anHourOff);

        backend.stop(stale, Duration.ofSeconds(1));

        assertThat(stranger.isAlive()).isTrue();
        assertThat(backend.observe(stale)).isEqualTo(ReplicaObservation.ended(Optional.empty()));
    }

    @Test
    void processesTheReplicaLeavesBehindAreKilledWithIt() throws Exception {
        ReplicaHandle replica = start(shell("rep_parent", "sleep 30 & wait", Map.of()));
        ProcessHandle parent = ProcessHandle.of(replica.pid()).orElseThrow();
        ProcessHandle orphan = await().atMost(Duration.ofSeconds(30))
                .until(() -> parent.children().findFirst(), Optional::isPresent)
                .orElseThrow();
        started.add(orphan);

        backend.stop(replica, Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
        assertThat(backend.observe(replica).alive()).isFalse();
    }

    private ReplicaHandle start(ReplicaLaunch launch) throws IOException {
        ReplicaHandle replica = backend.start(launch);
        ProcessHandle.of(replica.pid()).ifPresent(started::add);
        return replica;
    }

    private ReplicaLaunch shell(String replicaId, String script, Map<String, String> files) {
        LaunchSpec spec = new LaunchSpec(
                List.of("sh", "-c", script),
                Map.of(),
                dir.resolve(replicaId),
                files,
                List.of(),
                "/health",
                Duration.ofSeconds(60));
        return new ReplicaLaunch(
                replicaId,
                "tok_" + replicaId,
                "127.0.0.1",
                freePort(),
                spec,
                Map.of(),
                dir.resolve("logs").resolve(replicaId + ".log"));
    }

    private Process unrelatedSleep() throws IOException {
        Process process = new ProcessBuilder("sleep", "30").start();
        started.add(process.toHandle());
        return process;
    }

    private ReplicaHandle handleOf(Process process, Instant start) {
        return new ReplicaHandle(
                "rep_other", process.pid(), start, "127.0.0.1", 1, dir.resolve("other.log"), "tok_other");
    }

    /** This JVM's java and the worker jar of this checkout (the tests run in server/). */
    private static LaunchRequest.BuiltInWorker builtInWorker() {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path jar = Path.of("..", "worker", "target", "hangar-worker.jar")
                .toAbsolutePath()
                .normalize();
        assertThat(jar).as("the worker jar (./mvnw -pl worker package)").isRegularFile();
        return new LaunchRequest.BuiltInWorker(java, jar);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
