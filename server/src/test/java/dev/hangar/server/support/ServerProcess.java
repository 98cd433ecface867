package dev.hangar.server.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server jar running as its own process ({@code serve}), as users start it: its
 * output is collected, and it can be stopped politely (SIGTERM) or killed ({@code kill -9}).
 *
 * <p>The output goes to a file, as to a terminal, not through a pipe this JVM reads: the JDK drains
 * and closes a process's pipe when the process exits, and a reader that had not caught up by then
 * (a loaded machine) loses the last lines, the very ones a server prints at exit.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("ready at (http://localhost:\\d+)");

    private final Process process;
    private final Path home;
    private final String baseUrl;
    private final Path output;

    private ServerProcess(Process process, Path home, String baseUrl, Path output) {
        this.process = process;
        this.home = home;
        this.baseUrl = baseUrl;
        this.output = output;
    }

    /** Starts {@code serve --port 0} with this HANGAR_HOME and environment; returns once it printed its startup block. */
    public static ServerProcess start(Path home, Map<String, String> env) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = Files.createTempFile("hangar-serve-", ".out");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Dspring.aot.enabled=true",
                        "-jar",
                        Path.of("target", "hangar-server.jar").toString(),
                        "serve",
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("HANGAR_HOME", home.toString());
        builder.environment().remove("HANGAR_ADMIN_API_KEY");
        builder.environment().remove("HANGAR_DATABASE_URL");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            return new ServerProcess(process, home, awaitReady(process, output), output);
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The base URL of the startup block, once it is printed whole (its last line is {@code data …}). */
    private static String awaitReady(Process process, Path output) {
        return await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> readyUrl(process, output), Optional::isPresent)
                .orElseThrow();
    }

    private static Optional<String> readyUrl(Process process, Path output) throws IOException {
        String printed = Files.readString(output);
        Matcher ready = READY.matcher(printed);
        if (ready.find()
                && printed.substring(ready.end())
                        .lines()
                        .anyMatch(l -> l.strip().startsWith("data "))) {
            return Optional.of(ready.group(1));
        }
        if (!process.isAlive()) {
            throw new AssertionError("server exited before it was ready:\n" + printed);
        }
        return Optional.empty();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** All the server printed so far, standard output and error together. */
    public String output() {
        try {
            return Files.readString(output).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ApiClient admin() {
        try {
            return new ApiClient(
                    baseUrl, Files.readString(home.resolve("admin-api-key")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /**
     * SIGTERM, then waits; answers the exit code. Once it answers, {@link #output} holds all the
     * server printed, its last lines at exit included.
     */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the server did not stop within 60 s after SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
