package dev.hangar.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model directory from an untrusted source. It resolves the relative file names that the directory's own files name
 * (shards in an index, for instance) and refuses any that would leave a confinement root, lexically or through a
 * symlink, or that are not regular files.
 */
public final class ConfinedDirectory {
    private static final Pattern SEPARATOR = Pattern.compile("/");

    private final Path directory;
    private final Path root;

    private ConfinedDirectory(Path directory, Path root) {
        this.directory = directory;
        this.root = root;
    }

    /** Confines reads to {@code directory} itself. */
    public static ConfinedDirectory of(Path directory) throws IOException {
        Path real = directory.toRealPath();
        return new ConfinedDirectory(real, real);
    }

    /**
     * Confines reads to {@code root}, an ancestor of {@code directory}: a Hugging Face cache snapshot's files are
     * symlinks into the repository folder's {@code blobs/}, so there the repository folder is the root.
     *
     * @throws IllegalArgumentException if {@code directory} does not lie inside {@code root}
     */
    public static ConfinedDirectory of(Path directory, Path root) throws IOException {
        Path realDirectory = directory.toRealPath();
        Path realRoot = root.toRealPath();
        if (!realDirectory.startsWith(realRoot)) {
            throw new IllegalArgumentException(directory + " does not lie inside " + root);
        }
        return new ConfinedDirectory(realDirectory, realRoot);
    }

    public Path path() {
        return directory;
    }

    /**
     * The regular file at {@code name}, or empty when nothing is there.
     *
     * @param name a relative name with {@code /} separators, as written inside model files
     * @param referencedFrom where the name came from, for the error location
     * @throws InvalidModelFile if the name is absolute or climbs out, resolves outside the root, or is not a regular
     *     file
     */
    public Optional<Path> file(String name, String referencedFrom) throws IOException {
        checkRelative(name, referencedFrom);
        Path candidate = directory.resolve(name);
        if (!Files.exists(candidate)) {
            return Optional.empty();
        }
        Path real = candidate.toRealPath();
        if (!real.startsWith(root)) {
            throw new InvalidModelFile(
                    "'" + name + "' is a link to " + real + ", outside the model directory", referencedFrom);
        }
        if (!Files.isRegularFile(real)) {
            throw new InvalidModelFile("'" + name + "' is not a regular file", referencedFrom);
        }
        return Optional.of(real);
    }

    /** Like {@link #file} but a missing file is an {@link InvalidModelFile}. */
    public Path requiredFile(String name, String referencedFrom) throws IOException {
        return file(name, referencedFrom)
                .orElseThrow(() -> new InvalidModelFile("'" + name + "' does not exist", referencedFrom));
    }

    private static void checkRelative(String name, String referencedFrom) {
        // Checked on the text, before any Path parsing: a backslash or drive letter means something else on Windows.
        boolean escapes = name.isEmpty()
                || name.startsWith("/")
                || name.indexOf('\\') >= 0
                || name.indexOf(':') >= 0
                || name.indexOf('\0') >= 0
                || SEPARATOR
                        .splitAsStream(name)
                        .anyMatch(segment -> segment.isEmpty() || segment.equals(".") || segment.equals(".."));
        if (escapes) {
            throw new InvalidModelFile(
                    "file name '" + name + "' must be a plain relative path inside the model directory",
                    referencedFrom);
        }
    }
}
