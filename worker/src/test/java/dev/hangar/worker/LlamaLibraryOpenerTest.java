package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.worker.llama.NativeLibraryCache;
import java.nio.file.Files;
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
    void withoutTheSettingTheBundledLibraryIsExtractedIntoTheCacheAndSaysWhichReleaseItIs() {
        LlamaLibraryOpener.Location llama = opener.locate(Optional.empty());

        assertThat(llama.library().getFileName()).hasToString("libllama.v0.5.0.so");
        assertThat(llama.library()).startsWith(cache).isRegularFile();
        assertThat(llama.library().resolveSibling("libggml.v0.5.0.so")).isRegularFile();
        assertThat(llama.origin()).isEqualTo("llama.cpp v0.5.0 from @node-llama-cpp/linux-x64@3.22.1");
    }

    @Test
    void aUserLibraryFileIsTakenAsItIs() throws Exception {
        Path own = Files.writeString(cache.resolve("libllama.so"), "a build of the user's own");

        LlamaLibraryOpener.Location llama = opener.locate(Optional.of(own));

        assertThat(llama.library()).isEqualTo(own.toAbsolutePath());
        assertThat(llama.origin()).isEqualTo("HANGAR_LLAMA_LIBRARY");
    }

    @Test
    void aUserLibraryThatIsNoFileIsRefused() {
        Path nowhere = cache.resolve("libllama.so");

        assertThatThrownBy(() -> opener.locate(Optional.of(nowhere)))
                .isInstanceOf(EngineException.class)
                .hasMessage("HANGAR_LLAMA_LIBRARY=" + nowhere + " is not a file");
    }

    @Test
    void aFolderIsNoLibraryFile() {
        assertThatThrownBy(() -> opener.locate(Optional.of(cache)))
                .isInstanceOf(EngineException.class)
                .hasMessage("HANGAR_LLAMA_LIBRARY=" + cache + " is not a file");
    }
}
