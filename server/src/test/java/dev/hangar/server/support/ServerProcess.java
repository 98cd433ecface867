package dev.hangar.server.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server jar running as its own process ({@code serve}), as users start it: its
 * output is collected, and it can be stopped politely (SIGTERM) or killed ({@code kill -9}).
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("ready at (http://localhost:\\d+)");

    private final Process process;
    private final Path home;
    private final String baseUrl;
    private final List<String> lines;

    private ServerProcess(Process process, Path home, String baseUrl, List<String> lines) {
        this.process = process;
        this.home = home;
        this.baseUrl = baseUrl;
        this.lines = lines;
    }

    /** Starts {@code serve --port 0} with this HANGAR_HOME and environment; returns once it printed its startup block. */
    public static ServerProcess start(Path home, Map<String, String> env) throws Exception {
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
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> read(process, lines, url));
        try {
            return new ServerProcess(process, home, url.get(180, TimeUnit.SECONDS), lines);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String output() {
        return String.join("\n", lines);
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

    /** SIGTERM, then waits; answers the exit code. */
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
    }

    private static void read(Process process, List<String> lines, CompletableFuture<String> url) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
    }
}
