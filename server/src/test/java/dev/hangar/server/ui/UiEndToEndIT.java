package dev.hangar.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real browser (Debian's chromium driven by playwright-core, ui/e2e/run.mjs)
 * against the packaged server with a generated tiny model: log in, import, resume an interrupted
 * upload, deploy through the wizard, hold and compare playground conversations, read the page in
 * Chinese, stop; the charts, the overview, usage and users pages, and every page in both
 * languages, both themes and on a 390 px phone. Screenshots of every page go to ui/e2e/screenshots/.
 */
class UiEndToEndIT {

    private static final Path UI = Path.of("..", "ui").toAbsolutePath().normalize();
    private static final String PASSWORD = "e2e-admin-password";

    @TempDir
    Path dir;

    private ServerProcess server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aUserDeploysAModelAndTalksToItThroughTheUi() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path model = models.resolve("tiny.gguf");
        TinyModel.ofSize("1M", 7).writeGguf(model, GgmlType.Q8_0);
        server = ServerProcess.start(
                dir.resolve("home"),
                Map.of(
                        "HANGAR_ADMIN_PASSWORD",
                        PASSWORD,
                        "HANGAR_MODEL_ROOTS",
                        models.toString(),
                        "HANGAR_STOP_REPLICAS_ON_EXIT",
                        "true",
                        // the router step's unreachable provider is on loopback, which only an admin can open
                        "HANGAR_ROUTER_ALLOWED_HOSTS",
                        "127.0.0.1"));

        Path log = dir.resolve("e2e.log");
        ProcessBuilder browser = new ProcessBuilder("node", "e2e/run.mjs")
                .directory(UI.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        browser.environment()
                .putAll(Map.of(
                        "HANGAR_URL", server.baseUrl(),
                        "HANGAR_PASSWORD", PASSWORD,
                        "HANGAR_E2E_MODEL", model.toString()));
        Process e2e = browser.start();
        e2e.getOutputStream().close();
        // Some minutes: every page is shown in two languages, two themes and on a phone; more on a
        // fresh machine, where the first run installs chromium.
        boolean ended = e2e.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            e2e.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(ended)
                .as("the browser test did not end within 15 minutes:%n%s", output)
                .isTrue();
        assertThat(e2e.exitValue())
                .as("ui/e2e/run.mjs failed:%n%s%nserver:%n%s", output, server.output())
                .isZero();
        assertThat(output).contains("e2e: passed");
    }
}
