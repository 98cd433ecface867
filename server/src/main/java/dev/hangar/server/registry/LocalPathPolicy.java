package dev.hangar.server.registry;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Which local paths a model or dataset may be registered from: only under the allowed roots
 * (HANGAR_MODEL_ROOTS, a {@code :}-separated list; by default the user's home and HANGAR_HOME),
 * never through {@code ..} or a symlink that leads out of them, and only regular files and
 * directories (no devices, FIFOs or sockets).
 */
@Component
public class LocalPathPolicy {

    static final int MAX_FILES = 10_000;
    private static final int MAX_DEPTH = 8;

    private final List<Path> roots;
    private final Path home;
    private final Path store;

    LocalPathPolicy(HangarProperties properties, HangarHome home) {
        // The model store is always allowed: uploads land there.
        List<Path> configured = new ArrayList<>(properties.registry().modelRoots());
        if (configured.isEmpty()) {
            configured.add(Path.of(System.getProperty("user.home")));
            configured.add(home.root());
        }
        configured.add(home.modelsDirectory());
        this.home = real(home.root());
        this.store = real(home.modelsDirectory());
        this.roots = configured.stream().map(LocalPathPolicy::real).distinct().toList();
    }

    /** The real path of a file or directory the caller named, or a 400/403 saying why not. */
    public Path resolve(String given) {
        Path path;
        try {
            path = Path.of(given);
        } catch (java.nio.file.InvalidPathException e) {
            throw ApiException.invalidField("source.path", "is not a valid path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw ApiException.invalidField("source.path", "must be an absolute path");
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw ApiException.invalidField("source.path", "must not contain '..'");
            }
        }
        Path normalized = path.normalize();
        if (roots.stream().noneMatch(normalized::startsWith)
                && roots.stream().noneMatch(r -> real(normalized).startsWith(r))) {
            throw outsideRoots(given);
        }
        if (!Files.exists(normalized, LinkOption.NOFOLLOW_LINKS) && !Files.exists(normalized)) {
            throw ApiException.invalidField("source.path", "'" + given + "' does not exist");
        }
        Path real = real(normalized);
        if (roots.stream().noneMatch(real::startsWith) || isHangarPrivate(real)) {
            throw outsideRoots(given);
        }
        if (!Files.isRegularFile(real) && !Files.isDirectory(real)) {
            throw ApiException.invalidField("source.path", "'" + given + "' is not a regular file or a directory");
        }
        if (!Files.isReadable(real)) {
            throw ApiException.invalidField("source.path", "'" + given + "' is not readable by the Hangar server");
        }
        return real;
    }

    /**
     * The regular files of a directory (or the file itself), each checked like the root: a symlink
     * out of the allowed roots, a device or a FIFO inside makes the whole import fail.
     */
    public List<Path> files(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            for (Path entry : (Iterable<Path>) walk::iterator) {
                if (entry.equals(root) || Files.isDirectory(entry)) {
                    continue;
                }
                Path real = real(entry);
                if (roots.stream().noneMatch(real::startsWith) || isHangarPrivate(real)) {
                    throw new IOException(root.relativize(entry) + " leads outside the allowed roots");
                }
                if (!Files.isRegularFile(real)) {
                    throw new IOException(root.relativize(entry) + " is not a regular file");
                }
                if (files.size() == MAX_FILES) {
                    throw new IOException("the directory holds more than " + MAX_FILES + " files");
                }
                files.add(entry);
            }
        }
        files.sort(null);
        return files;
    }

    /**
     * HANGAR_HOME holds the database and the secret files (admin key, password, server secret):
     * nothing in it may be imported, whatever the roots say, except the model store.
     */
    private boolean isHangarPrivate(Path real) {
        return real.startsWith(home) && !real.startsWith(store);
    }

    private ApiException outsideRoots(String given) {
        return new ApiException(
                ProblemType.FORBIDDEN,
                "'" + given + "' is outside the directories models and datasets may be imported from;"
                        + " an admin can change them with HANGAR_MODEL_ROOTS.");
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
