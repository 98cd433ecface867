package dev.hangar.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server jar started as users start it ({@code serve}, in the build-time-wired AOT
 * mode the launcher uses), in its own process with a fresh HANGAR_HOME: it prints the startup
 * block, answers with the admin key it wrote, and stops cleanly on SIGTERM.
 */
class ServeCommandIT {

    @TempDir
    Path dir;

    private Path home;

    private ServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void serveStartsPrintsWhereEverythingIsAndStopsOnSigterm() throws Exception {
        home = dir.resolve("fresh-home");
        server = ServerProcess.start(home, Map.of());
        String base = server.baseUrl();
        String key = Files.readString(home.resolve("admin-api-key")).trim();

        String output = server.output();
        assertThat(output)
                .contains("admin API key in " + home.resolve("admin-api-key"))
                .contains("password in " + home.resolve("admin-password"))
                .contains("H2 (embedded file)")
                .contains(base + "/docs");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("logs"))))
                .isEqualTo("rwx------");
        assertThat(home.resolve("logs/hangar.log")).isNotEmptyFile();
        ApiClient client = new ApiClient(base, key);
        assertThat(client.get("/ready").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/system").json().get("home").asString()).isEqualTo(home.toString());

        assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
    }

    @Test
    void badPortIsRefusedBeforeAnythingStarts() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java, "-jar", Path.of("target", "hangar-server.jar").toString(), "serve", "--port", "99999")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("--port must be between 0 and 65535");
    }
}
