package dev.hangar.server.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Linux's {@code /proc/meminfo}, for memory that is free to use: {@code MemAvailable} counts the
 * page cache the kernel gives back on demand, which plain free memory does not; on a machine that
 * has read a few models, free memory can be a fraction of what a new replica may take.
 */
final class MemInfo {

    static final Path PROC_MEMINFO = Path.of("/proc/meminfo");

    private MemInfo() {}

    /** A field in bytes ({@code MemTotal}, {@code MemAvailable}), or empty where the file or field is missing. */
    static OptionalLong read(Path meminfo, String field) {
        try (var lines = Files.lines(meminfo)) {
            return lines.filter(line -> line.startsWith(field + ":"))
                    .findFirst()
                    .map(line -> line.substring(field.length() + 1).trim().split("\\s+"))
                    .map(parts -> OptionalLong.of(Long.parseLong(parts[0]) * (parts.length > 1 ? 1024 : 1)))
                    .orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
