package dev.hangar.server.core;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds an executable in given directories, then on the PATH, the way a shell would, without running anything. */
public final class ExecutableSearch {

    private ExecutableSearch() {}

    public static Optional<Path> find(String name) {
        return find(System.getenv("PATH"), name);
    }

    /** The first match in {@code directories}, else on the PATH. */
    public static Optional<Path> find(List<Path> directories, String name) {
        return directories.stream()
                .map(dir -> dir.resolve(name))
                .filter(ExecutableSearch::isExecutableFile)
                .findFirst()
                .or(() -> find(name));
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
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }
}
