package dev.hangar.server.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.reconcile.ReplicaLaunch;
import dev.hangar.server.runtime.LaunchSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** A launch that cannot start is refused before anything runs. */
class LocalReplicaBackendTest {

    @TempDir
    Path dir;

    private final LocalReplicaBackend backend = new LocalReplicaBackend(
            new ReplicaLogs(DataSize.ofMegabytes(1), 1), Clock.systemUTC(), new ReplicaEnvironment(List.of()));

    @Test
    void aProgramThatIsNotThereFailsTheStartWithItsName() {
        assertThatThrownBy(() ->
                        backend.start(launch(List.of("no-such-runtime-xyz", "serve"), Map.of(), Map.of(), Map.of())))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot run 'no-such-runtime-xyz': not found on the PATH");
        assertThatThrownBy(() -> backend.start(launch(List.of("./bin/missing"), Map.of(), Map.of(), Map.of())))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot run './bin/missing': no such executable file");
    }

    @Test
    void aLaunchFileOutsideTheReplicasDirectoryIsRefused() {
        assertThatThrownBy(() -> backend.start(launch(List.of("true"), Map.of(), Map.of(), Map.of("../escape", "x"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'../escape' would be written outside");
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    private ReplicaLaunch launch(
            List<String> argv, Map<String, String> specEnv, Map<String, String> extraEnv, Map<String, String> files) {
        LaunchSpec spec =
                new LaunchSpec(argv, specEnv, dir.resolve("work"), files, List.of(), "/health", Duration.ofSeconds(5));
        return new ReplicaLaunch("rep_1", "tok_1", "127.0.0.1", 8100, spec, extraEnv, dir.resolve("replica.log"));
    }
}
