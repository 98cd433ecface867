package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's usage against the packaged server killed with {@code kill -9}: nothing it answered goes uncounted. */
class UsageDurabilityIT {

    private static final int REQUESTS = 25;

    @TempDir
    Path home;

    @TempDir
    Path sources;

    private ServerProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void usageSurvivesKillNine() throws Exception {
        Map<String, String> env = Map.of("HANGAR_MODEL_ROOTS", sources.toString());
        server = ServerProcess.start(home, env);
        ApiClient admin = server.admin();
        String model = Deployments.readyTinyGguf(admin, sources, "durable");
        var endpoint = admin.postJson(
                "/api/v1/endpoints", "{\"name\":\"durable\",\"model\":\"" + model + "\",\"runtime\":\"llama-server\"}");
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
        for (int i = 0; i < REQUESTS; i++) {
            var refused = admin.postJson(
                    "/v1/chat/completions",
                    "{\"model\":\"durable\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        }

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .alias("every answered request is in the request log")
                .until(this::loggedRequests, logged -> logged == REQUESTS);
        server.kill();

        server = ServerProcess.start(home, env);
        var usage = server.admin().get("/api/v1/usage?groupBy=endpoint").json();
        assertThat(usage.at("/totals/requests").asLong()).as(usage.toString()).isEqualTo(REQUESTS);
    }

    private long loggedRequests() {
        Path requests = home.resolve("logs/requests");
        if (!Files.isDirectory(requests)) {
            return 0;
        }
        try (Stream<Path> days = Files.list(requests)) {
            return days.mapToLong(UsageDurabilityIT::lines).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
