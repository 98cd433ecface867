package dev.hangar.server.core;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable on a PATH, the way a shell would, without running anything. */
public final class ExecutableSearch {

    private ExecutableSearch() {}

    public static Optional<Path> find(String name) {
        return find(System.getenv("PATH"), name);
    }

    public static Optional<Path> find(String pathVariable, String name) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
