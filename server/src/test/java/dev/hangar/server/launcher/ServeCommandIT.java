package dev.hangar.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server jar started as users start it ({@code serve}, in the build-time-wired AOT
 * mode the launcher uses), in its own process with a fresh HANGAR_HOME: it prints the startup
 * block, answers with the admin key it wrote, and stops cleanly on SIGTERM.
 */
class ServeCommandIT {

    private static final Pattern READY = Pattern.compile("ready at (http://localhost:\\d+)");

    @TempDir
    Path dir;

    private Path home;

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void serveStartsPrintsWhereEverythingIsAndStopsOnSigterm() throws Exception {
        home = dir.resolve("fresh-home");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Dspring.aot.enabled=true",
                        "-jar",
                        Path.of("target", "hangar-server.jar").toString(),
                        "serve",
                        "--port",
                        "0")
                .redirectErrorStream(true);
        builder.environment().put("HANGAR_HOME", home.toString());
        builder.environment().remove("HANGAR_ADMIN_API_KEY");
        builder.environment().remove("HANGAR_DATABASE_URL");
        server = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String base = null;
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        base = ready.group(1);
                    }
                    if (base != null && line.strip().startsWith("data ")) {
                        url.complete(base);
                    }
                }
                url.completeExceptionally(
                        new AssertionError("server exited before it was ready:\n" + String.join("\n", lines)));
            } catch (java.io.IOException e) {
                url.completeExceptionally(e);
            }
        });

        String base = url.get(60, TimeUnit.SECONDS);
        String key = Files.readString(home.resolve("admin-api-key")).trim();

        String output = String.join("\n", lines);
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

        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS))
                .as("stopped after SIGTERM")
                .isTrue();
        assertThat(server.exitValue()).isIn(0, 143);
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
