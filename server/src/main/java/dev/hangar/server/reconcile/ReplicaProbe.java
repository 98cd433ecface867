package dev.hangar.server.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** One health check: whether the replica answers 200 within a couple of seconds. */
    public boolean answersHealth(ReplicaHandle replica, String healthPath) {
        return status(request(replica, healthPath)
                        .timeout(HEALTH_REQUEST_TIMEOUT)
                        .build())
                == 200;
    }

    /** The status a GET got, or -1 without an answer; an interrupt (the server stopping) leaves the thread interrupted. */
    private int status(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException noAnswer) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Sends one tiny real request under the served name: a one-token completion, or an embedding
     * of "Hello" for an embedding model. Any 2xx passes; otherwise the result carries the status
     * and the start of the body, or the failure.
     */
    public SmokeResult smoke(ReplicaHandle replica, String servedName, boolean embeddings) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SmokeResult.failed("POST " + path + " was interrupted: the server is stopping");
        }
    }

    /** Asks {@code /info} with the replica's token whether the process on its port is the one started with it. */
    public Identity identify(ReplicaHandle replica) {
        return switch (status(request(replica, "/info").timeout(INFO_TIMEOUT).build())) {
            case 200 -> Identity.OURS;
            case 401, 403 -> Identity.ANOTHER;
            default -> Identity.UNKNOWN;
        };
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
