package dev.hangar.server.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.reconcile.ReplicaLaunch;
import dev.hangar.server.runtime.LaunchSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a replica's process finds in its environment, and what it never finds there. */
class ReplicaEnvironmentTest {

    private static final Map<String, String> SERVER = Map.of(
            "PATH", "/usr/bin",
            "HOME", "/home/hangar",
            "LC_ALL", "C.UTF-8",
            "CUDA_VISIBLE_DEVICES", "0,1",
            "AWS_SECRET_ACCESS_KEY", "aws-secret",
            "PGPASSWORD", "db-password",
            "HANGAR_SECRET_KEY", "secret",
            "JAVA_TOOL_OPTIONS", "-Xmx1g",
            "HF_TOKEN", "hf_server");

    @Test
    void aReplicaDoesNotInheritTheServersEnvironment() {
        Map<String, String> environment = new ReplicaEnvironment(List.of()).of(SERVER, launch(Map.of(), Map.of()));

        assertThat(environment)
                .containsOnly(
                        Map.entry("PATH", "/usr/bin"),
                        Map.entry("HOME", "/home/hangar"),
                        Map.entry("LC_ALL", "C.UTF-8"),
                        Map.entry("CUDA_VISIBLE_DEVICES", "0,1"),
                        Map.entry("HANGAR_REPLICA_ID", "rep_1"),
                        Map.entry("HANGAR_REPLICA_TOKEN", "tok_1"));
    }

    @Test
    void userEnvCannotOverrideRuntimeVariables() {
        Map<String, String> environment = new ReplicaEnvironment(List.of())
                .of(
                        SERVER,
                        launch(
                                Map.of("OLLAMA_HOST", "127.0.0.1:8100", "CUDA_VISIBLE_DEVICES", "1"),
                                Map.of(
                                        "OLLAMA_HOST", "0.0.0.0:9000",
                                        "HANGAR_REPLICA_TOKEN", "forged",
                                        "STANDIN_RECORD", "/tmp/record")));

        assertThat(environment)
                .containsEntry("OLLAMA_HOST", "127.0.0.1:8100")
                .containsEntry("CUDA_VISIBLE_DEVICES", "1")
                .containsEntry("HANGAR_REPLICA_TOKEN", "tok_1")
                .containsEntry("STANDIN_RECORD", "/tmp/record");
    }

    @Test
    void anAdminCanPassOnMoreOfTheServersVariablesButNeverItsHangarSettings() {
        Map<String, String> environment =
                new ReplicaEnvironment(List.of("HF_TOKEN", "AWS_*", "HANGAR_*")).of(SERVER, launch(Map.of(), Map.of()));

        assertThat(environment)
                .containsEntry("HF_TOKEN", "hf_server")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "aws-secret")
                .doesNotContainKeys("HANGAR_SECRET_KEY", "PGPASSWORD", "JAVA_TOOL_OPTIONS");
    }

    private static ReplicaLaunch launch(Map<String, String> runtimeEnv, Map<String, String> userEnv) {
        LaunchSpec spec = new LaunchSpec(
                List.of("true"), runtimeEnv, Path.of("work"), Map.of(), List.of(), "/health", Duration.ofSeconds(5));
        return new ReplicaLaunch("rep_1", "tok_1", "127.0.0.1", 8100, spec, userEnv, Path.of("replica.log"));
    }
}
