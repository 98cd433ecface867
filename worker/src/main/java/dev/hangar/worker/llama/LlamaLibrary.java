package dev.hangar.worker.llama;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * llama.cpp's shared libraries, loaded once per process: {@code libllama} and {@code libggml} from one directory, the
 * ggml backends found there (ggml picks the CPU variant that fits this machine), every bound function looked up, and
 * llama.cpp's log filtered to warnings and errors.
 */
public final class LlamaLibrary {
    /** Points at the directory holding {@code libllama} and {@code libggml*}, or at a {@code libllama} file. */
    public static final String LOCATION_VARIABLE = "HANGAR_LLAMA_LIBRARY";

    private static LlamaLibrary loaded;

    private final LlamaFunctions functions;
    private final Path directory;

    private LlamaLibrary(LlamaFunctions functions, Path directory) {
        this.functions = functions;
        this.directory = directory;
    }

    /**
     * Loads the libraries at {@code location} (a directory or a {@code libllama} file), once per process: later calls
     * return the first load, whatever their argument.
     *
     * @throws LlamaException when a library is missing or cannot be loaded, or lacks functions (all of them named)
     */
    public static synchronized LlamaLibrary load(Path location) {
        if (loaded != null) {
            return loaded;
        }
        Path llama = Files.isDirectory(location) ? find(location, LibraryNames.LLAMA) : location;
        Path directory = llama.toAbsolutePath().getParent();
        Path ggml = find(directory, LibraryNames.GGML);
        SymbolLookup llamaSymbols;
        SymbolLookup ggmlSymbols;
        try {
            // libllama's own dependencies (libggml, libggml-base) are found next to it through its $ORIGIN run path.
            llamaSymbols = SymbolLookup.libraryLookup(llama, Arena.global());
            ggmlSymbols = SymbolLookup.libraryLookup(ggml, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new LlamaException("cannot load llama.cpp from " + directory + ": " + e.getMessage(), e);
        }
        SymbolBinder binder = new SymbolBinder(List.of(llamaSymbols, ggmlSymbols));
        LlamaFunctions functions = new LlamaFunctions(binder);
        if (!binder.missing().isEmpty()) {
            throw new LlamaException(llama + " is not a llama.cpp build this worker can use: it lacks "
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

    /** Loads from {@value #LOCATION_VARIABLE}, else from the system property {@code hangar.llama.library}. */
    public static LlamaLibrary loadConfigured() {
        return load(configuredLocation()
                .orElseThrow(() -> new LlamaException("no llama.cpp library configured: set " + LOCATION_VARIABLE
                        + " to the directory holding libllama and libggml")));
    }

    /** Where {@link #loadConfigured()} looks, if anywhere. */
    public static Optional<Path> configuredLocation() {
        String location = System.getenv(LOCATION_VARIABLE);
        if (location == null || location.isBlank()) {
            location = System.getProperty("hangar.llama.library");
        }
        return location == null || location.isBlank() ? Optional.empty() : Optional.of(Path.of(location));
    }

    /** The llama.cpp release these libraries report, e.g. {@code v0.5.0}. */
    public String version() {
        return functions.version().reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** The directory the libraries were loaded from. */
    public Path directory() {
        return directory;
    }

    LlamaFunctions functions() {
        return functions;
    }

    private static Path find(Path directory, LibraryNames names) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> names.matches(file.getFileName().toString()))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new LlamaException("no " + names.description() + " in " + directory
                            + " (looked for " + names.pattern() + ")"));
        } catch (IOException e) {
            throw new LlamaException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The platform's file names of llama.cpp's libraries: the one place a new platform is added. */
    enum LibraryNames {
        LLAMA("libllama", "llama.cpp library"),
        GGML("libggml", "ggml library");

        private final String stem;
        private final String description;

        LibraryNames(String stem, String description) {
            this.stem = stem;
            this.description = description;
        }

        /** {@code libllama.so}, {@code libllama.v0.5.0.so} (a versioned build), never {@code libllama-common.so}. */
        boolean matches(String file) {
            return file.startsWith(stem + ".") && file.endsWith(suffix());
        }

        String pattern() {
            return stem + "[.VERSION]" + suffix();
        }

        String description() {
            return description;
        }

        private static String suffix() {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            return os.contains("mac") ? ".dylib" : os.contains("win") ? ".dll" : ".so";
        }
    }
}
