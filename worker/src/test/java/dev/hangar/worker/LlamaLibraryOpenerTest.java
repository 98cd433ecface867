package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.worker.llama.NativeLibraryCache;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaLibraryOpenerTest {

    @TempDir
    Path cache;

    private LlamaLibraryOpener opener;

    @BeforeEach
    void opener() {
        opener = new LlamaLibraryOpener(new NativeLibraryCache(cache));
    }

    @Test
    void theBundledLibraryOpensAndSaysWhichReleaseItIs() {
        LlamaLibraryOpener.Opened llama = opener.open(Optional.empty());

        assertThat(llama.library().getFileName()).hasToString("libllama.v0.5.0.so");
        assertThat(llama.library()).startsWith(cache);
        assertThat(llama.origin()).isEqualTo("llama.cpp v0.5.0 from @node-llama-cpp/linux-x64@3.22.1");
        assertThat(llama.version()).startsWith("llama.cpp ").contains("ggml ");
        assertThat(llama.systemInfo())
                .as("ggml's CPU backend was loaded from the bundle")
                .contains("CPU");
    }

    @Test
    void aUserLibraryWithoutLlamaCppsFunctionsIsRefusedNamingThem() {
        Path ggmlBase = opener.open(Optional.empty()).library().resolveSibling("libggml-base.so");

        assertThatThrownBy(() -> opener.open(Optional.of(ggmlBase)))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith(ggmlBase + " (HANGAR_LLAMA_LIBRARY) is not a llama.cpp library")
                .hasMessageContainingAll("llama_model_load_from_file", "llama_decode", "llama_sampler_init_grammar")
                .hasMessageContaining("ggml_backend_load_all_from_path");
    }

    @Test
    void aUserLibraryThatIsNoFileIsRefused() {
        Path nowhere = cache.resolve("libllama.so");

        assertThatThrownBy(() -> opener.open(Optional.of(nowhere)))
                .hasMessage("HANGAR_LLAMA_LIBRARY=" + nowhere + " is not a file");
    }

    @Test
    void aUserFileThatIsNoLibraryIsRefused() throws Exception {
        Path text = java.nio.file.Files.writeString(cache.resolve("libllama.so"), "not an ELF file");

        assertThatThrownBy(() -> opener.open(Optional.of(text)))
                .hasMessageStartingWith("cannot load " + text + " (HANGAR_LLAMA_LIBRARY)");
    }
}
