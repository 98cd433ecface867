package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the worker's API key comes from when Hangar starts it as a replica, and how LoRA adapters are named. */
class WorkerCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void theReplicaTokenHangarSetsIsTheApiKey() throws IOException {
        List<String> args = args();

        assertThat(WorkerCommandLine.parse(args, Map.of("HANGAR_REPLICA_TOKEN", "tok_1"))
                        .apiKey())
                .contains("tok_1");
        assertThat(WorkerCommandLine.parse(args, Map.of()).apiKey()).isEmpty();
    }

    @Test
    void anApiKeyOnTheCommandLineWins() throws IOException {
        List<String> args = new java.util.ArrayList<>(args());
        args.addAll(List.of("--api-key", "s3cret"));

        assertThat(WorkerCommandLine.parse(args, Map.of("HANGAR_REPLICA_TOKEN", "tok_1"))
                        .apiKey())
                .contains("s3cret");
    }

    @Test
    void theNativeLibraryIsKeptInTheUsersCacheDirectoryByTheXdgConvention() throws IOException {
        List<String> args = args();

        assertThat(WorkerCommandLine.parse(args, Map.of("XDG_CACHE_HOME", "/var/cache/alice"))
                        .cacheDirectory())
                .isEqualTo(Path.of("/var/cache/alice/hangar"));
        assertThat(WorkerCommandLine.parse(args, Map.of("XDG_CACHE_HOME", " ")).cacheDirectory())
                .as("a blank XDG_CACHE_HOME counts as unset")
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "hangar"));
    }

    @Test
    void loraAdaptersAreNamedByTheOptionOrByTheirFile() throws IOException {
        Path one = Files.createFile(dir.resolve("style.v2.gguf"));
        Path two = Files.createFile(dir.resolve("b.gguf"));
        List<String> args = new java.util.ArrayList<>(args());
        args.addAll(List.of("--lora", one.toString(), "--lora", "legal=" + two + ":0.5"));

        assertThat(WorkerCommandLine.parse(args, Map.of()).loras())
                .containsExactly(
                        new WorkerOptions.LoraOption("style.v2", one, 1.0f),
                        new WorkerOptions.LoraOption("legal", two, 0.5f));
    }

    @Test
    void twoAdaptersMayNotShareAName() throws IOException {
        Path one = Files.createFile(dir.resolve("a.gguf"));
        List<String> args = new java.util.ArrayList<>(args());
        args.addAll(List.of("--lora", "x=" + one, "--lora", "x=" + one + ":2"));

        assertThatThrownBy(() -> WorkerCommandLine.parse(args, Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("already named 'x'");
    }

    private List<String> args() throws IOException {
        Path model = Files.createFile(dir.resolve("m.gguf"));
        return List.of("--model", model.toString(), "--port", "0");
    }
}
