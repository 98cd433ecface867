package dev.hangar.server.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a replica over HTTP what the reconciler needs to know: whether it is up, whether it answers
 * a real request, and which start of a replica it is ({@code replica_token} in the built-in
 * worker's {@code /info}).
 */
@Component
public class ReplicaProbe {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SMOKE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(5);
    private static final int BODY_EXCERPT_CHARS = 300;
    private static final int INFO_MAX_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HEALTH_REQUEST_TIMEOUT)
            .build();

    /**
     * Polls the health path until it answers 200.
     *
     * @param stillAlive asked before every poll; when it turns false (the process exited) the
     *     wait ends at once instead of running out the timeout
     * @return true once healthy; false when the timeout passed or the process is gone
     */
    public boolean awaitHealthy(ReplicaHandle replica, String healthPath, Duration timeout, BooleanSupplier stillAlive)
            throws InterruptedException {
        URI health = URI.create(replica.address() + healthPath);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stillAlive.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            Duration requestTimeout = Duration.ofNanos(Math.clamp(left, 1_000_000, HEALTH_REQUEST_TIMEOUT.toNanos()));
            if (healthStatus(health, requestTimeout) == 200) {
                return true;
            }
            left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, POLL_INTERVAL.toNanos())));
        }
        return false;
    }

    /** One health check: whether the replica answers 200 within a couple of seconds. */
    public boolean answersHealth(ReplicaHandle replica, String healthPath) throws InterruptedException {
        return healthStatus(URI.create(replica.address() + healthPath), HEALTH_REQUEST_TIMEOUT) == 200;
    }

    private int healthStatus(URI health, Duration timeout) throws InterruptedException {
        try {
            return http.send(
                            HttpRequest.newBuilder(health).timeout(timeout).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException notListeningYet) {
            return -1;
        }
    }

    /**
     * Sends one tiny real request under the served name: a one-token completion, or an embedding
     * of "Hello" for an embedding model. Any 2xx passes; otherwise the result carries the status
     * and the start of the body, or the failure.
     */
    public SmokeResult smoke(ReplicaHandle replica, String servedName, boolean embeddings) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", servedName);
        String path;
        if (embeddings) {
            path = "/v1/embeddings";
            body.put("input", "Hello");
        } else {
            path = "/v1/completions";
            body.put("prompt", "Hello").put("max_tokens", 1);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.address() + path))
                .timeout(SMOKE_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answerBody = response.body()) {
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                String answer = "POST " + path + " answered " + response.statusCode() + " in " + millis + " ms";
                return response.statusCode() / 100 == 2
                        ? SmokeResult.passed(answer)
                        : SmokeResult.failed(answer + ": " + excerpt(answerBody));
            }
        } catch (IOException e) {
            return SmokeResult.failed("POST " + path + " failed: " + describe(e));
        }
    }

    /**
     * The {@code replica_token} the replica reports in {@code GET /info}: the built-in worker shows
     * the token it was started with. Empty for a runtime without it (404), or one not answering.
     */
    public Optional<String> replicaToken(ReplicaHandle replica) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.address() + "/info"))
                .timeout(INFO_TIMEOUT)
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                JsonNode token = JSON.readTree(body.readNBytes(INFO_MAX_BYTES)).path("replica_token");
                return token.isString() ? Optional.of(token.asString()) : Optional.empty();
            }
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    private static String excerpt(InputStream body) throws IOException {
        String text = new String(body.readNBytes(BODY_EXCERPT_CHARS * 4), StandardCharsets.UTF_8).strip();
        return text.length() > BODY_EXCERPT_CHARS ? text.substring(0, BODY_EXCERPT_CHARS) + "…" : text;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
