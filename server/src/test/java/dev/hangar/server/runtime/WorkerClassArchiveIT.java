package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.home.HangarProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in worker's class archive is recorded by a real training worker and then used by the workers launched. */
class WorkerClassArchiveIT {

    @TempDir
    Path cache;

    @Test
    void theFirstLaunchRecordsTheArchiveInTheBackgroundAndLaterWorkersLoadTheirClassesFromIt() throws Exception {
        WorkerClassArchive archives = new WorkerClassArchive(Optional.of(cache));
        RuntimeInstallations installations = new RuntimeInstallations(
                new HangarProperties.Runtimes(null, List.of(), null, null), Clock.systemUTC(), archives);
        LaunchRequest.BuiltInWorker first = installations.builtInWorker().orElseThrow();
        String name = WorkerClassArchive.archiveName(first.jar());
        Path earlierBuild = cache.resolve(name.substring(0, name.indexOf("jdk")) + "jdk0-1-2.jsa");
        Files.writeString(earlierBuild, "an archive of an earlier build of the same jar");

        assertThat(first.classArchive()).isEmpty();
        LaunchRequest.BuiltInWorker later = await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> installations.builtInWorker().orElseThrow(),
                        w -> w.classArchive().isPresent());

        assertThat(later.classArchive().orElseThrow()).isEqualTo(cache.resolve(name));
        assertThat(earlierBuild).doesNotExist();
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(name);
        }
        List<String> command = new ArrayList<>(later.command());
        command.add(1, "-Xlog:class+load=info");
        command.add("--help");
        Process worker = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(output)
                .contains("Usage: hangar worker")
                .containsPattern("dev\\.hangar\\.worker\\.WorkerMain source: shared objects file \\(top\\)");
    }
}
