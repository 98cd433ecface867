package dev.hangar.server.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a replica over HTTP what the reconciler needs to know: whether it is up, whether it answers
 * a real request, and whether it is the start of a replica Hangar made (the built-in worker's
 * {@code /info} accepts the replica's token). Every request carries the replica's token.
 */
@Component
public class ReplicaProbe {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SMOKE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(5);
    private static final int BODY_EXCERPT_CHARS = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HEALTH_REQUEST_TIMEOUT)
            .build();

    /** Whether the process on a replica's port is the one started with the replica's token. */
    public enum Identity {
        /** It accepted the token. */
        OURS,
        /** It refused the token (401 or 403): another process, or another start of a replica. */
        ANOTHER,
        /** It did not say: no {@code /info}, or no answer. */
        UNKNOWN
    }

    /**
     * Polls the health path until it answers 200.
     *
     * @param stillAlive asked before every poll; when it turns false (the process exited) the
     *     wait ends at once instead of running out the timeout
     * @return true once healthy; false when the timeout passed or the process is gone
     */
    public boolean awaitHealthy(ReplicaHandle replica, String healthPath, Duration timeout, BooleanSupplier stillAlive)
            throws InterruptedException {
        HttpRequest.Builder health = request(replica, healthPath);
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
        return healthStatus(request(replica, healthPath), HEALTH_REQUEST_TIMEOUT) == 200;
    }

    private int healthStatus(HttpRequest.Builder health, Duration timeout) throws InterruptedException {
        try {
            return http.send(health.timeout(timeout).build(), HttpResponse.BodyHandlers.discarding())
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
        HttpRequest request = request(replica, path)
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

    /** Asks {@code /info} with the replica's token whether the process on its port is the one started with it. */
    public Identity identify(ReplicaHandle replica) throws InterruptedException {
        try {
            int status = http.send(
                            request(replica, "/info").timeout(INFO_TIMEOUT).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return switch (status) {
                case 200 -> Identity.OURS;
                case 401, 403 -> Identity.ANOTHER;
                default -> Identity.UNKNOWN;
            };
        } catch (IOException e) {
            return Identity.UNKNOWN;
        }
    }

    /** A request to the replica with its token (a GET unless the caller makes it another). */
    private static HttpRequest.Builder request(ReplicaHandle replica, String path) {
        return HttpRequest.newBuilder(URI.create(replica.address() + path))
                .header("Authorization", replica.authorization());
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
