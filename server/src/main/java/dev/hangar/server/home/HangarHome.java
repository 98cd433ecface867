package dev.hangar.server.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The data directory ({@code HANGAR_HOME}, default {@code ~/.hangar}): database, model store, logs,
 * and the secret files only its owner may read.
 */
@Component
public class HangarHome {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;

    public HangarHome(HangarProperties properties) {
        this.root = properties.home().toAbsolutePath().normalize();
        createPrivateDirectory(root);
        createPrivateDirectory(databaseDirectory());
        createPrivateDirectory(logsDirectory());
        createPrivateDirectory(modelsDirectory());
    }

    /**
     * HANGAR_HOME as the server reads it ({@code hangar.home} in application.yml) for code that runs
     * before or outside the server: {@code serve} and the CLI.
     */
    public static Path fromEnvironment() {
        String home = System.getenv("HANGAR_HOME");
        Path root =
                home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".hangar") : Path.of(home);
        return root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path databaseDirectory() {
        return root.resolve("db");
    }

    public Path logsDirectory() {
        return root.resolve("logs");
    }

    public Path modelsDirectory() {
        return root.resolve("models");
    }

    /** Each endpoint's replica logs and working directories: {@code endpoints/<endpoint id>/}. */
    public Path endpointsDirectory() {
        return root.resolve("endpoints");
    }

    public Path file(String name) {
        return root.resolve(name);
    }

    /** Reads a secret file written by {@link #writeSecret}, trimmed; empty when it does not exist. */
    public Optional<String> readSecret(String name) {
        Path path = file(name);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8).trim())
                    .filter(s -> !s.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Writes a secret to a file readable by its owner only (mode 600). The file is created with
     * that mode before the secret goes in, and moved into place at once, so no reader ever sees a
     * half-written or world-readable secret.
     */
    public Path writeSecret(String name, String secret) {
        Path target = file(name);
        try {
            Path temp = POSIX
                    ? Files.createTempFile(
                            root,
                            name,
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(root, name, ".tmp");
            Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    static void createPrivateDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            if (POSIX) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new StartupProblem(
                    "Cannot create the Hangar data directory " + dir + ": " + e.getMessage(),
                    "Set HANGAR_HOME to a directory this user may write, or fix its permissions.");
        }
    }
}
