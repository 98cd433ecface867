package dev.hangar.worker;

import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.NativeBundle;
import dev.hangar.worker.llama.NativeLibraryCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the llama.cpp library a worker runs on: the user's own {@code libllama} file where
 * {@code HANGAR_LLAMA_LIBRARY} names one (a CUDA build, say), else the one the jar carries for this platform, extracted
 * into the user's cache ({@link NativeLibraryCache}). {@link LlamaLibrary#load} loads it and
 * names every function it lacks.
 */
final class LlamaLibraryOpener {

    private final NativeLibraryCache cache;

    LlamaLibraryOpener(NativeLibraryCache cache) {
        this.cache = cache;
    }

    /**
     * Where the library is: the user's own, or the jar's bundle for this platform extracted into the cache.
     *
     * @param origin where it came from, for the log: the bundle's release and npm package, or the setting
     */
    record Location(Path library, String origin) {}

    /** @throws EngineException when the user's library is no file, or the jar has none for this platform */
    Location locate(Optional<Path> userLibrary) {
        if (userLibrary.isPresent()) {
            Path library = userLibrary.get().toAbsolutePath();
            if (!Files.isRegularFile(library)) {
                throw new EngineException(LlamaLibrary.LOCATION_VARIABLE + "=" + library + " is not a file", false);
            }
            return new Location(library, LlamaLibrary.LOCATION_VARIABLE);
        }
        NativeBundle bundle = NativeBundle.forThisPlatform()
                .orElseThrow(() -> new EngineException(
                        "this worker jar carries no llama.cpp library for "
                                + NativeBundle.platform(System.getProperty("os.name"), System.getProperty("os.arch"))
                                + "; set " + LlamaLibrary.LOCATION_VARIABLE + " to a libllama built for it",
                        false));
        try {
            return new Location(
                    cache.directory(bundle).resolve(bundle.library()),
                    "llama.cpp " + bundle.release() + " from " + bundle.npmPackage());
        } catch (IOException e) {
            throw new EngineException(
                    "cannot extract llama.cpp's libraries into " + cache.root() + ": " + e.getMessage(), false);
        }
    }
}
