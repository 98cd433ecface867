package dev.hangar.worker.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NativeBundleTest {

    @Test
    void javasOsAndArchNamesBecomeNodesWhichNameTheNpmPackagesAndFolders() {
        assertThat(NativeBundle.platform("Linux", "amd64")).isEqualTo("linux-x64");
        assertThat(NativeBundle.platform("Linux", "aarch64")).isEqualTo("linux-arm64");
        assertThat(NativeBundle.platform("Mac OS X", "aarch64")).isEqualTo("darwin-arm64");
        assertThat(NativeBundle.platform("Mac OS X", "x86_64")).isEqualTo("darwin-x64");
        assertThat(NativeBundle.platform("Windows 11", "amd64")).isEqualTo("win32-x64");
    }

    @Test
    void theLinuxX64BundleCarriesLlamaCppV050FromThePinnedNpmPackage() throws Exception {
        String lock = Files.readString(Path.of("native", "package-lock.json"));
        NativeBundle bundle = NativeBundle.forPlatform("linux-x64").orElseThrow();

        assertThat(bundle.release()).isEqualTo("v0.5.0");
        assertThat(bundle.npmPackage()).isEqualTo("@node-llama-cpp/linux-x64@3.22.1");
        assertThat(lock).contains("\"node_modules/@node-llama-cpp/linux-x64\": {\n      \"version\": \"3.22.1\"");
        assertThat(bundle.library()).isEqualTo("libllama.v0.5.0.so");
        assertThat(bundle.files())
                .contains("libllama.v0.5.0.so", "libggml.v0.5.0.so", "libggml-base.so", "libggml-cpu-x64.so")
                .doesNotContain("llama-addon.node", "libllama-common.so")
                .allMatch(Pattern.compile("lib(llama|ggml)[a-z0-9._-]*\\.so").asMatchPredicate());
        assertThat(bundle.sha256()).matches("[0-9a-f]{64}");
    }

    @Test
    void aPlatformWithoutABundleHasNone() {
        assertThat(NativeBundle.forPlatform("plan9-mips")).isEmpty();
    }
}
