package dev.hangar.server.support.standin;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Installs {@link StandInRuntime} as an executable named like a runtime's binary ({@code
 * llama-server}, {@code vllm}, {@code python3}): a {@code sh} script that starts it on this test
 * JVM's {@code java} from the test classes directory. The JVM options only make it start fast.
 */
public final class StandInExecutable {

    private StandInExecutable() {}

    /** Writes {@code directory/name} (mode 755) and returns its path. */
    public static Path install(Path directory, String name) throws IOException {
        Path java = ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException("this JVM does not say where its java is"));
        Path script = directory.resolve(name);
        Files.writeString(
                script,
                "#!/bin/sh\nexec \"" + java + "\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dstandin.name=" + name
                        + " -cp \"" + testClasses() + "\" " + StandInRuntime.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static Path testClasses() {
        try {
            return Path.of(StandInRuntime.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the test classes are not in a directory", e);
        }
    }
}
