package dev.hangar.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises for the first hour, done as a new user does it: the server started on a
 * port of its own, the real CLI (the server jar's main, in its own process, with no HANGAR_URL,
 * HANGAR_PORT or HANGAR_API_KEY) finds it, {@code deploy}'s curl line works when a shell runs it,
 * a call without a key is told where the admin key is, and starting twice or on a busy port is one
 * line saying what to do.
 */
class FirstRunIT {

    @TempDir
    Path dir;

    private ServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theReadmesFirstHourWorksAsPrinted() throws Exception {
        Path home = dir.resolve("home");
        Path models = dir.resolve("models");
        server = ServerProcess.start(
                home, Map.of("HANGAR_MODEL_ROOTS", models.toString(), "HANGAR_STOP_REPLICAS_ON_EXIT", "true"));
        String base = server.baseUrl();
        assertThat(base).doesNotEndWith(":8080");
        Path keyFile = home.resolve("admin-api-key");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.output().contains("at exit"));
        assertThat(server.output())
                .contains("replicas      0 adopted from the last run, 0 cleaned up")
                .contains("at exit       replicas are stopped after they drain (as set); --keep-replicas-on-exit");

        String model = Deployments.readyTinyGguf(server.admin(), models, "tiny");
        Cli deployed = cli(home, "deploy", model, "--name", "first-run", "--arg", "ctx-size=256");

        assertThat(deployed.exit()).as(deployed.output()).isZero();
        assertThat(deployed.output())
                .contains("first-run is Running: 1/1 replicas ready")
                .contains("Authorization: Bearer $(cat " + keyFile + ")")
                .doesNotContain("$HANGAR_API_KEY");
        String answer = shell(curlLines(deployed.output()));
        assertThat(answer).contains("\"object\":\"chat.completion\"").contains("\"model\":\"first-run\"");

        Cli list = cli(home, "endpoints", "list");
        assertThat(list.output()).containsPattern("first-run +Running +1/1");

        HttpResponse<String> noKey = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/models")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.body())
                .contains("The first admin key is in " + keyFile)
                .contains("POST /api/v1/api-keys");

        Cli second = serve(home, "--port", "0");
        assertThat(second.exit()).isNotZero();
        assertThat(second.output().strip())
                .isEqualTo("hangar: a Hangar already runs on " + home + " (pid " + server.pid() + ", " + base
                        + "); stop it first, or set HANGAR_HOME to another directory to run a second one");

        assertThat(server.stop()).isIn(0, 143);
        assertThat(server.output())
                .as("what the terminal shows at exit")
                .contains("stopping 1 replica(s) after they drain: first-run #0 (pid ")
                .contains("no replica is left running");
        assertThat(home.resolve("server.url")).doesNotExist();
        int nothingThere = freePort();
        Cli afterStop = cli(home, Map.of("HANGAR_PORT", String.valueOf(nothingThere)), "endpoints", "list");
        assertThat(afterStop.exit()).isEqualTo(1);
        assertThat(afterStop.output())
                .isEqualTo("hangar: Cannot reach Hangar at http://localhost:" + nothingThere
                        + " (no server is running on HANGAR_HOME " + home
                        + "); is it running (./hangar serve)? Set HANGAR_URL or --url to reach another server.\n");
    }

    @Test
    void aPortInUseIsOneLineSayingHowToPickAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            Cli refused = serve(dir.resolve("home"), "--port", String.valueOf(port));

            assertThat(refused.exit()).isNotZero();
            assertThat(refused.output())
                    .isEqualTo("hangar: port " + port + " is already in use by another program; start Hangar on"
                            + " another port with --port N (or HANGAR_PORT=N), or stop what listens on " + port + "\n");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The lines of the curl command in {@code deploy}'s output, as a user selects them to paste. */
    private static String curlLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.strip().startsWith("curl ")
                    || (!lines.isEmpty() && lines.getLast().endsWith("\\"))) {
                lines.add(line);
            }
        }
        assertThat(lines).as(output).hasSize(3);
        return String.join("\n", lines);
    }

    private String shell(String script) throws Exception {
        Process process =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private record Cli(int exit, String output) {}

    /** {@code serve ARGS} as the launcher runs it, on HANGAR_HOME {@code home}. */
    private static Cli serve(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve"));
        command.addAll(List.of(args));
        return cli(home, Map.of(), command.toArray(String[]::new));
    }

    private static Cli cli(Path home, String... args) throws IOException, InterruptedException {
        return cli(home, Map.of(), args);
    }

    /** The server jar's command line with only HANGAR_HOME to go on (no URL, port or key in the environment). */
    private static Cli cli(Path home, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                Path.of("target", "hangar-server.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        List.of("HANGAR_URL", "HANGAR_PORT", "HANGAR_API_KEY").forEach(env::remove);
        env.put("HANGAR_HOME", home.toString());
        env.putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hangar " + String.join(" ", args) + " did not end:\n" + output);
        }
        return new Cli(
                process.exitValue(),
                output.lines()
                        .filter(line -> !line.startsWith("WARNING: "))
                        .collect(Collectors.joining("\n", "", output.isEmpty() ? "" : "\n")));
    }
}
