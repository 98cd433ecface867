package dev.hangar.worker.llama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps one extracted copy of the jar's llama.cpp libraries ({@link NativeBundle}) per user, llama.cpp release and
 * content, so a worker loads them from disk without copying 20 MB out of its jar on every start.
 *
 * <p>The copy lives in the user's cache directory ({@code native/} in the worker's cache directory, {@code $XDG_CACHE_HOME/hangar}), never in
 * a shared temporary directory another user could plant a library in. A bundle's folder is named after its release and
 * content hash; it is written under a temporary name and renamed into place whole, so workers starting together never
 * load a half-written folder (the one that renames second throws its copy away and uses the first's).
 */
public final class NativeLibraryCache {
    private final Path root;

    public NativeLibraryCache(Path root) {
        this.root = root;
    }

    /** The cache in the user's cache directory: {@code native/} in {@link #userCacheDirectory(Map)}. */
    public static NativeLibraryCache inUserCache(Map<String, String> environment) {
        return new NativeLibraryCache(userCacheDirectory(environment).resolve("native"));
    }

    /** Hangar's directory in the user's cache: {@code $XDG_CACHE_HOME/hangar}, else {@code ~/.cache/hangar}. */
    public static Path userCacheDirectory(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("hangar");
    }

    public Path root() {
        return root;
    }

    /** The folder holding the bundle's files, extracting them first when this bundle is not there yet. */
    public Path directory(NativeBundle bundle) throws IOException {
        Path dir = root.resolve(bundle.folderName());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(root);
        Path partial = Files.createTempDirectory(root, "." + bundle.folderName() + "-");
        try {
            for (String file : bundle.files()) {
                try (InputStream in = NativeLibraryCache.class.getResourceAsStream(bundle.resource(file))) {
                    if (in == null) {
                        throw new IOException("the jar lacks " + bundle.resource(file));
                    }
                    Files.copy(in, partial.resolve(file));
                }
            }
            try {
                Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
                // another worker renamed its complete copy into place first
            }
        } finally {
            deleteIfPresent(partial);
        }
        return dir;
    }

    /**
     * The libllama of the jar's bundle for this platform, extracted when needed; empty when the jar carries none for
     * this platform.
     */
    public Optional<Path> bundledLibrary() throws IOException {
        Optional<NativeBundle> bundle = NativeBundle.forThisPlatform();
        return bundle.isEmpty()
                ? Optional.empty()
                : Optional.of(directory(bundle.get()).resolve(bundle.get().library()));
    }

    private static void deleteIfPresent(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
