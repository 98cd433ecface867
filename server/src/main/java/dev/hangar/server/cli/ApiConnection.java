package dev.hangar.server.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's line to a running Hangar: JSON over HTTP with the caller's API key. A problem answer
 * becomes a {@link CliFailure} carrying the server's own sentence.
 */
final class ApiConnection {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    private ApiConnection(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    /**
     * Connects with the given URL and key, else HANGAR_URL / HANGAR_API_KEY, else this machine's
     * server ({@code http://localhost:$HANGAR_PORT}) and the admin key in HANGAR_HOME.
     */
    static ApiConnection resolve(String url, String key) {
        String baseUrl = firstNonBlank(url, System.getenv("HANGAR_URL"));
        if (baseUrl == null) {
            String port = firstNonBlank(System.getenv("HANGAR_PORT"), "8080");
            baseUrl = "http://localhost:" + port;
        }
        String apiKey = firstNonBlank(key, System.getenv("HANGAR_API_KEY"));
        if (apiKey == null) {
            String home = firstNonBlank(System.getenv("HANGAR_HOME"), System.getProperty("user.home") + "/.hangar");
            Path file = Path.of(home, "admin-api-key");
            try {
                apiKey = Files.readString(file).trim();
            } catch (IOException e) {
                throw new CliFailure(
                        "No API key: set HANGAR_API_KEY or --api-key (or run on the server's machine, where " + file
                                + " holds the admin key).");
            }
        }
        return new ApiConnection(baseUrl, apiKey);
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** Streams {@code file} from {@code offset} to the end as the body of a PUT, counting it into {@code progress}. */
    JsonNode upload(String path, java.nio.file.Path file, long offset, UploadProgress progress) {
        long length;
        try {
            length = Files.size(file) - offset;
        } catch (IOException e) {
            throw new CliFailure("Cannot read " + file + ": " + e.getMessage());
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        java.io.InputStream in = Files.newInputStream(file);
                        in.skipNBytes(offset);
                        return progress.counting(in);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }),
                length);
        return send(request(path)
                .timeout(Duration.ofHours(12))
                .header("Content-Type", "application/octet-stream")
                .PUT(body));
    }

    void delete(String path) {
        send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliFailure("Cannot reach Hangar at " + baseUrl
                    + "; is it running (./hangar serve)? Set HANGAR_URL" + " to reach another server.");
        } catch (IOException e) {
            throw new CliFailure("Talking to " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        String body = response.body();
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (tools.jackson.core.JacksonException notJson) {
            // A proxy in front of Hangar may answer with HTML; show its status, not a parser's stack trace.
            throw new CliFailure(
                    baseUrl + " did not answer as Hangar does (HTTP " + response.statusCode() + ", not JSON).");
        }
        if (response.statusCode() >= 400) {
            String detail = json.path("detail")
                    .asString(json.path("error").path("message").asString(body));
            throw new CliFailure(detail + " (HTTP " + response.statusCode() + ")");
        }
        return json;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second == null || second.isBlank() ? null : second;
    }
}
