package dev.hangar.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code clamscan} for tests: a {@code sh} script that answers as ClamAV does by the name of
 * what it is asked to scan: a path with {@code eicar} is infected (exit 1, a FOUND line), with
 * {@code broken} the scanner fails (exit 2), with {@code slow} it hangs, anything else is clean.
 * Every call's arguments are appended to {@code clamscan.argv} next to it.
 */
public final class StandInClamscan {

    private StandInClamscan() {}

    /** Writes {@code directory/clamscan} (mode 755) and returns its path. */
    public static Path install(Path directory) throws IOException {
        Path script = directory.resolve("clamscan");
        Files.writeString(script, """
                #!/bin/sh
                echo "$@" >> "$(dirname "$0")/clamscan.argv"
                for last in "$@"; do :; done
                case "$last" in
                  *eicar*) echo "$last/model.gguf: Eicar-Test-Signature FOUND"; exit 1 ;;
                  *broken*) echo "ERROR: Can't open file or directory"; exit 2 ;;
                  *slow*) exec sleep 60 ;;
                esac
                exit 0
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
