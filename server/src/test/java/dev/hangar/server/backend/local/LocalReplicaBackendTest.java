package dev.hangar.server.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.reconcile.ReplicaLaunch;
import dev.hangar.server.runtime.LaunchSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** What a replica is given before it starts: its environment, and a launch that cannot start is refused. */
class LocalReplicaBackendTest {

    @TempDir
    Path dir;

    private final LocalReplicaBackend backend =
            new LocalReplicaBackend(new ReplicaLogs(DataSize.ofMegabytes(1), 1), Clock.systemUTC());

    @Test
    void theEnvironmentKeepsTheServersButNotItsHangarSecrets() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PATH", "/usr/bin",
                "HOME", "/home/me",
                "HANGAR_SECRET_KEY", "secret",
                "HANGAR_DATABASE_PASSWORD", "db-password",
                "CUDA_VISIBLE_DEVICES", "0,1"));
        ReplicaLaunch launch = launch(
                List.of("true"),
                Map.of("CUDA_VISIBLE_DEVICES", "1", "OLLAMA_HOST", "127.0.0.1:8100"),
                Map.of("HF_TOKEN", "hf_abc", "OLLAMA_HOST", "127.0.0.1:9000"),
                Map.of());

        LocalReplicaBackend.replicaEnvironment(environment, launch);

        assertThat(environment)
                .containsOnly(
                        Map.entry("PATH", "/usr/bin"),
                        Map.entry("HOME", "/home/me"),
                        Map.entry("CUDA_VISIBLE_DEVICES", "1"),
                        Map.entry("OLLAMA_HOST", "127.0.0.1:9000"),
                        Map.entry("HF_TOKEN", "hf_abc"),
                        Map.entry("HANGAR_REPLICA_ID", "rep_1"),
                        Map.entry("HANGAR_REPLICA_TOKEN", "tok_1"));
    }

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
