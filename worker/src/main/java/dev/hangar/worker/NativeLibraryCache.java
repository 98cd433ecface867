package dev.hangar.worker;

import de.kherud.llama.NativeLibraryResource;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * Keeps one extracted copy of java-llama.cpp's native library per user and library build, and points the library's
 * loader at it. Left to itself, the loader copies the 5 MB library out of the jar on every start and then compares
 * the copy with the jar byte by byte: about 0.4 s of a worker's 1.5 s budget for becoming ready.
 *
 * <p>The copy lives in the user's cache directory ({@code native/} in {@link WorkerOptions#cacheDirectory()}), never in a shared temporary directory another user could plant a library in; it is
 * named after the jar entry's CRC and size, so a new library build gets a directory of its own, and it is written
 * under a temporary name and renamed into place, so workers starting together never load a half-written file.
 */
final class NativeLibraryCache {
    private final Path root;

    NativeLibraryCache(Path root) {
        this.root = root;
    }

    /** The cache's root, which also serves as the loader's scratch directory (it deletes "llama*" entries there). */
    Path root() {
        return root;
    }

    /**
     * The directory holding the extracted library, extracting it first when this build is not there yet; empty when
     * the library is not in a jar (classes unpacked) or the jar has none for this platform: the loader's own
     * extraction then applies.
     */
    Optional<Path> directory() throws IOException {
        URL resource = NativeLibraryCache.class.getResource(NativeLibraryResource.path());
        if (resource == null || !(resource.openConnection() instanceof JarURLConnection connection)) {
            return Optional.empty();
        }
        connection.setUseCaches(false);
        Path dir = root.resolve(buildName(connection));
        Path library = dir.resolve(fileName());
        if (!Files.isRegularFile(library)) {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, fileName(), ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return Optional.of(dir);
    }

    private static String fileName() {
        return System.mapLibraryName("jllama");
    }

    /** The jar entry's CRC and size, read from the jar's directory (nothing inflated). */
    private static String buildName(JarURLConnection jar) throws IOException {
        JarEntry entry = jar.getJarEntry();
        return Long.toHexString(entry.getCrc()) + "-" + entry.getSize();
    }
}
