package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.support.standin.StandInExecutable;
import dev.hangar.server.support.standin.StandInRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeInstallationsTest {

    @TempDir
    Path dir;

    private final RuntimeInstallations onThePath = installations(List.of());

    private static RuntimeInstallations installations(List<Path> searchPath) {
        return new RuntimeInstallations(
                new HangarProperties.Runtimes(null, searchPath, null, null),
                Clock.systemUTC(),
                WorkerClassArchive.none());
    }

    private Path script(String body) throws Exception {
        Path file = dir.resolve("fake-runtime");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void runtimeThatAnswersItsProbeIsInstalledWithItsVersion() throws Exception {
        Path fake = script("echo 'fake-runtime 1.2.3'; echo more");

        Installation found = onThePath.probe(List.of(fake.toString(), "--version"));

        assertThat(found.installed()).isTrue();
        assertThat(found.version()).isEqualTo("fake-runtime 1.2.3");
        assertThat(found.path()).isEqualTo(fake.toString());
    }

    @Test
    void runtimeWhoseProbeFailsIsNotInstalledAndSaysWhy() throws Exception {
        Path broken = script("echo 'ModuleNotFoundError: sglang'; exit 1");

        Installation found = onThePath.probe(List.of(broken.toString()));

        assertThat(found.installed()).isFalse();
        assertThat(found.problem()).contains("ModuleNotFoundError");
    }

    @Test
    void executableMissingFromThePathIsNotInstalled() {
        Installation found = onThePath.probe(List.of("surely-no-such-runtime-here", "--version"));

        assertThat(found.installed()).isFalse();
        assertThat(found.problem()).contains("not on the PATH");
    }

    @Test
    void runtimeInTheSearchPathIsInstalledWithTheVersionItAnswers() throws Exception {
        Path venvBin = Files.createDirectory(dir.resolve("bin"));
        Path standIn = StandInExecutable.install(venvBin, "llama-server");
        RuntimeInstallations installations = installations(List.of(venvBin));
        RuntimeSpec llamaServer = new RuntimeCatalog().find("llama-server").orElseThrow();

        Installation found = installations.of(llamaServer);

        assertThat(found.installed()).isTrue();
        assertThat(found.version()).isEqualTo("llama-server " + StandInRuntime.VERSION);
        assertThat(found.path()).isEqualTo(standIn.toString());
        assertThat(installations.executable("llama-server")).hasValue(standIn);
    }

    @Test
    void searchPathComesBeforeThePath() throws Exception {
        Path shadow = StandInExecutable.install(dir, "sh");

        assertThat(installations(List.of(dir)).executable("sh")).hasValue(shadow);
        assertThat(onThePath.executable("sh")).isPresent().isNotEqualTo(Optional.of(shadow));
    }

    @Test
    void runtimeMissingFromSearchPathAndPathSaysWhereItWasLookedFor() {
        Installation found = installations(List.of(dir)).probe(List.of("surely-no-such-runtime-here", "--version"));

        assertThat(found.installed()).isFalse();
        assertThat(found.problem()).isEqualTo("surely-no-such-runtime-here is not on the PATH nor in " + dir);
    }
}
