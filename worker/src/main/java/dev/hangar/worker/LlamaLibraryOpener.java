package dev.hangar.worker;

import dev.hangar.worker.llama.NativeBundle;
import dev.hangar.worker.llama.NativeLibraryCache;
import dev.hangar.worker.llama.RequiredSymbols;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens the llama.cpp library a worker runs on: the user's own build where {@code HANGAR_LLAMA_LIBRARY} names one
 * (a CUDA build, say), else the one the jar carries for this platform, extracted into the user's cache
 * ({@link NativeLibraryCache}). It checks that every function the worker calls is there
 * ({@link RequiredSymbols}), loads ggml's backends from the library's folder (ggml picks the CPU variant that fits this
 * processor) and reads what the library says about itself.
 */
final class LlamaLibraryOpener {

    /** The worker setting naming a libllama to use instead of the bundled one. */
    static final String SETTING = "HANGAR_LLAMA_LIBRARY";

    /**
     * An opened, checked llama.cpp library.
     *
     * @param origin where it came from, for the log: the bundle's release and npm package, or the setting
     * @param version what the library reports: llama.cpp's version and ggml's version and commit
     * @param systemInfo {@code llama_print_system_info()}: the backends loaded and the CPU features they use
     */
    record Opened(Path library, String origin, SymbolLookup symbols, String version, String systemInfo) {}

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
                throw new EngineException(SETTING + "=" + library + " is not a file", false);
            }
            return new Location(library, SETTING);
        }
        NativeBundle bundle = NativeBundle.forThisPlatform()
                .orElseThrow(() -> new EngineException(
                        "this worker jar carries no llama.cpp library for "
                                + NativeBundle.platform(System.getProperty("os.name"), System.getProperty("os.arch"))
                                + "; set " + SETTING + " to a libllama built for it",
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

    /** @throws EngineException naming what is wrong: no library, not loadable, or the functions it lacks */
    Opened open(Optional<Path> userLibrary) {
        Location location = locate(userLibrary);
        Path library = location.library();
        String origin = location.origin();
        SymbolLookup symbols;
        try {
            symbols = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new EngineException("cannot load " + library + " (" + origin + "): " + e.getMessage(), false);
        }
        List<String> missing = RequiredSymbols.missing(symbols, RequiredSymbols.FUNCTIONS);
        if (!missing.isEmpty()) {
            throw new EngineException(
                    library + " (" + origin + ") is not a llama.cpp library this worker can use: it lacks "
                            + String.join(", ", missing),
                    false);
        }
        try (Arena arena = Arena.ofConfined()) {
            call(
                    symbols,
                    "ggml_backend_load_all_from_path",
                    arena.allocateFrom(library.getParent().toString()));
        }
        String version = "llama.cpp " + text(symbols, "llama_version").orElse("of unknown version")
                + text(symbols, "ggml_version").map(v -> ", ggml " + v).orElse("")
                + text(symbols, "ggml_commit").map(c -> " (" + c + ")").orElse("");
        return new Opened(
                library,
                origin,
                symbols,
                version,
                text(symbols, "llama_print_system_info").orElse("").strip());
    }

    private static void call(SymbolLookup symbols, String name, MemorySegment argument) {
        try {
            Linker.nativeLinker()
                    .downcallHandle(symbols.findOrThrow(name), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS))
                    .invokeExact(argument);
        } catch (Throwable e) {
            throw new EngineException(name + " failed: " + e, false);
        }
    }

    /** A {@code const char *name(void)} function's answer; empty when the library has no such function. */
    private static Optional<String> text(SymbolLookup symbols, String name) {
        return symbols.find(name).flatMap(function -> {
            try {
                MemorySegment answer = (MemorySegment) Linker.nativeLinker()
                        .downcallHandle(function, FunctionDescriptor.of(ValueLayout.ADDRESS))
                        .invokeExact();
                return answer.equals(MemorySegment.NULL)
                        ? Optional.empty()
                        : Optional.of(answer.reinterpret(Long.MAX_VALUE).getString(0));
            } catch (Throwable e) {
                throw new EngineException(name + " failed: " + e, false);
            }
        });
    }
}
