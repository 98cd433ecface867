package dev.hangar.server.registry;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Which server paths a model or dataset may be registered from in place: admins from the roots an
 * admin configured (HANGAR_MODEL_ROOTS) and users from those granted to users
 * (HANGAR_USER_MODEL_ROOTS); both empty by default, so only uploads work until an admin opens a
 * directory. Never anything in HANGAR_HOME (secrets, database, other models' uploads), never a
 * hidden file or directory, never through {@code ..} or a symlink that leads out of its root, and
 * only regular files and directories (no devices, FIFOs or sockets).
 */
@Component
public class LocalPathPolicy {

    static final int MAX_FILES = 10_000;
    private static final int MAX_DEPTH = 8;

    private final List<Path> adminRoots;
    private final List<Path> userRoots;
    private final Path home;

    LocalPathPolicy(HangarProperties properties, HangarHome home) {
        this.home = real(home.root());
        this.userRoots = reals(properties.registry().userModelRoots());
        this.adminRoots = Stream.concat(properties.registry().modelRoots().stream(), userRoots.stream())
                .map(LocalPathPolicy::real)
                .distinct()
                .toList();
    }

    /**
     * The real path of a file or directory {@code caller} names for registration, or a 400/403
     * saying why not: admins may use every configured root, users only those granted to users.
     */
    public Path resolve(AuthenticatedUser caller, String given) {
        return resolve(given, caller.isAdmin() ? adminRoots : userRoots, caller.isAdmin());
    }

    /**
     * The real path of a model or dataset registered earlier, checked again before its files are
     * read in the background: still under a configured root, still nothing private or hidden. Who
     * may use which root was checked when it was registered (and again when its owner imports it again).
     */
    public Path resolveRegistered(String given) {
        return resolve(given, adminRoots, true);
    }

    /**
     * The regular files of a directory (or the file itself), each checked like the directory: a
     * symlink out of the innermost root holding the directory (for an upload: out of its own
     * directory), a device or a FIFO inside makes the whole import fail. Hidden entries
     * ({@code .git}, {@code .env}) are not part of a model or dataset and are left out.
     */
    public List<Path> files(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        Path start = real(root);
        Path boundary =
                start.startsWith(home) ? start : innermost(start, adminRoots).orElse(start);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            for (Path entry : (Iterable<Path>) walk::iterator) {
                if (entry.equals(root) || Files.isDirectory(entry)) {
                    continue;
                }
                Path real = real(entry);
                if (!real.startsWith(boundary) || (!boundary.startsWith(home) && real.startsWith(home))) {
                    throw new IOException(root.relativize(entry) + " leads outside the allowed roots");
                }
                if (isHidden(root.relativize(entry))) {
                    continue;
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

    private Path resolve(String given, List<Path> roots, boolean admin) {
        Path path;
        try {
            path = Path.of(given);
        } catch (java.nio.file.InvalidPathException e) {
            throw ApiException.invalidField("source.path", MessageCode.PATH_INVALID.with("reason", e.getReason()));
        }
        if (!path.isAbsolute()) {
            throw ApiException.invalidField("source.path", MessageCode.PATH_NOT_ABSOLUTE.with());
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw ApiException.invalidField("source.path", MessageCode.PATH_DOTDOT.with());
            }
        }
        Path normalized = path.normalize();
        // Refused before anything about the path is looked at, so that nobody learns what exists elsewhere.
        if (normalized.startsWith(home) || real(normalized).startsWith(home)) {
            throw insideHangarHome(given);
        }
        if (innermost(normalized, roots).isEmpty()
                && innermost(real(normalized), roots).isEmpty()) {
            throw outsideRoots(given, admin, roots);
        }
        if (!Files.exists(normalized, LinkOption.NOFOLLOW_LINKS) && !Files.exists(normalized)) {
            throw ApiException.invalidField("source.path", MessageCode.PATH_MISSING.with("path", given));
        }
        Path real = real(normalized);
        Optional<Path> root = innermost(real, roots);
        if (root.isEmpty() || real.startsWith(home)) {
            throw outsideRoots(given, admin, roots);
        }
        if (isHidden(root.get().relativize(real))) {
            throw new ApiException(ProblemType.FORBIDDEN, MessageCode.PATH_HIDDEN.with("path", given));
        }
        if (!Files.isRegularFile(real) && !Files.isDirectory(real)) {
            throw ApiException.invalidField("source.path", MessageCode.PATH_NOT_FILE.with("path", given));
        }
        if (!Files.isReadable(real)) {
            throw ApiException.invalidField("source.path", MessageCode.PATH_UNREADABLE.with("path", given));
        }
        return real;
    }

    /** The deepest root holding {@code path}: a user root nested in an admin root bounds its own symlinks. */
    private static Optional<Path> innermost(Path path, List<Path> roots) {
        return roots.stream().filter(path::startsWith).max(Comparator.comparingInt(Path::getNameCount));
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static ApiException insideHangarHome(String given) {
        return new ApiException(ProblemType.FORBIDDEN, MessageCode.PATH_IN_HOME.with("path", given));
    }

    /** The refusal of a path outside {@code roots}, naming those the caller may use (none: the setting that grants them). */
    private static ApiException outsideRoots(String given, boolean admin, List<Path> roots) {
        Message allowed =
                roots.isEmpty() ? MessageCode.PATH_ROOTS_NONE.with() : MessageCode.PATH_ROOTS_ARE.with("roots", roots);
        return new ApiException(
                ProblemType.FORBIDDEN,
                (admin ? MessageCode.PATH_OUTSIDE_ROOTS_ADMIN : MessageCode.PATH_OUTSIDE_ROOTS)
                        .with("path", given, "allowed", allowed));
    }

    private static List<Path> reals(List<Path> paths) {
        return paths.stream().map(LocalPathPolicy::real).distinct().toList();
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
