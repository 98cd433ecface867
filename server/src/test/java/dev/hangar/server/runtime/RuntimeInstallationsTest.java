package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeInstallationsTest {

    @TempDir
    Path dir;

    private Path script(String body) throws Exception {
        Path file = dir.resolve("fake-runtime");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void runtimeThatAnswersItsProbeIsInstalledWithItsVersion() throws Exception {
        Path fake = script("echo 'fake-runtime 1.2.3'; echo more");

        Installation found = RuntimeInstallations.probe(List.of(fake.toString(), "--version"));

        assertThat(found.installed()).isTrue();
        assertThat(found.version()).isEqualTo("fake-runtime 1.2.3");
        assertThat(found.path()).isEqualTo(fake.toString());
    }

    @Test
    void runtimeWhoseProbeFailsIsNotInstalledAndSaysWhy() throws Exception {
        Path broken = script("echo 'ModuleNotFoundError: sglang'; exit 1");

        Installation found = RuntimeInstallations.probe(List.of(broken.toString()));

        assertThat(found.installed()).isFalse();
        assertThat(found.problem()).contains("ModuleNotFoundError");
    }

    @Test
    void executableMissingFromThePathIsNotInstalled() {
        Installation found = RuntimeInstallations.probe(List.of("surely-no-such-runtime-here", "--version"));

        assertThat(found.installed()).isFalse();
        assertThat(found.problem()).contains("not on the PATH");
    }
}
