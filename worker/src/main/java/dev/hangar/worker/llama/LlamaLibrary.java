package dev.hangar.worker.llama;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * llama.cpp's shared libraries, loaded once per process: a {@code libllama} file and the {@code libggml} beside it, the
 * ggml backends found there (ggml picks the CPU variant that fits this machine), every bound function looked up, and
 * llama.cpp's log filtered to warnings and errors.
 */
public final class LlamaLibrary {
    /** Names a {@code libllama} file of the user's own to load instead of the bundled one. */
    public static final String LOCATION_VARIABLE = "HANGAR_LLAMA_LIBRARY";

    private static LlamaLibrary loaded;

    private final LlamaFunctions functions;
    private final Path directory;

    private LlamaLibrary(LlamaFunctions functions, Path directory) {
        this.functions = functions;
        this.directory = directory;
    }

    /**
     * Loads the {@code libllama} file {@code llama} and the ggml libraries beside it, once per process: later calls
     * return the first load, whatever their argument.
     *
     * @throws LlamaException when a library is missing or cannot be loaded, or lacks functions (all of them named)
     */
    public static synchronized LlamaLibrary load(Path llama) {
        if (loaded != null) {
            return loaded;
        }
        if (!Files.isRegularFile(llama)) {
            throw new LlamaException(llama + " is not a libllama file");
        }
        Path directory = llama.toAbsolutePath().getParent();
        Path ggml = findGgml(directory);
        SymbolLookup llamaSymbols;
        SymbolLookup ggmlSymbols;
        try {
            // libllama's own dependencies (libggml, libggml-base) are found next to it through its $ORIGIN run path.
            llamaSymbols = SymbolLookup.libraryLookup(llama, Arena.global());
            ggmlSymbols = SymbolLookup.libraryLookup(ggml, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LlamaException("cannot load " + llama + ": " + e.getMessage(), e);
        }
        SymbolBinder binder = new SymbolBinder(List.of(llamaSymbols, ggmlSymbols));
        LlamaFunctions functions = new LlamaFunctions(binder);
        if (!binder.missing().isEmpty()) {
            throw new LlamaException(llama + " is not a llama.cpp library this worker can use: it lacks "
                    + String.join(", ", binder.missing()));
        }
        LlamaLog.install(functions, binder.linker());
        try (Arena arena = Arena.ofConfined()) {
            functions.backendLoadAllFromPath(arena.allocateFrom(directory.toString()));
        }
        functions.backendInit();
        loaded = new LlamaLibrary(functions, directory);
        return loaded;
    }

    /** Loads the library at {@link #configuredLocation()}. */
    public static LlamaLibrary loadConfigured() {
        return load(configuredLocation());
    }

    /**
     * The {@code libllama} {@value #LOCATION_VARIABLE} names, else the jar's bundled one extracted into the user's cache
     * ({@link NativeLibraryCache#inUserCache}).
     *
     * @throws LlamaException when neither is there
     */
    public static Path configuredLocation() {
        String location = System.getenv(LOCATION_VARIABLE);
        if (location != null && !location.isBlank()) {
            return Path.of(location);
        }
        try {
            return NativeLibraryCache.inUserCache(System.getenv())
                    .bundledLibrary()
                    .orElseThrow(() -> new LlamaException("this jar carries no llama.cpp library for this platform:"
                            + " set " + LOCATION_VARIABLE + " to a libllama file"));
        } catch (IOException e) {
            throw new LlamaException("cannot extract the bundled llama.cpp libraries: " + e.getMessage(), e);
        }
    }

    /** The llama.cpp release these libraries report, e.g. {@code v0.5.0}. */
    public String version() {
        return functions.version().reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** {@code llama_print_system_info()}: the backends loaded and the CPU features they use. */
    public String systemInfo() {
        return functions
                .printSystemInfo()
                .reinterpret(Long.MAX_VALUE)
                .getString(0)
                .strip();
    }

    /** The directory the libraries were loaded from. */
    public Path directory() {
        return directory;
    }

    LlamaFunctions functions() {
        return functions;
    }

    private static Path findGgml(Path directory) {
        String suffix = librarySuffix();
        try (Stream<Path> files = Files.list(directory)) {
            // libggml.so or a versioned libggml.VERSION.so, never libggml-base.so or a backend's libggml-cpu-*.so
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("libggml.") && name.endsWith(suffix);
                    })
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new LlamaException("no ggml library beside libllama in " + directory
                            + " (looked for libggml[.VERSION]" + suffix + ")"));
        } catch (IOException e) {
            throw new LlamaException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The platform's shared library suffix: the one place a new platform's file names are added. */
    private static String librarySuffix() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return os.contains("mac") ? ".dylib" : os.contains("win") ? ".dll" : ".so";
    }
}
