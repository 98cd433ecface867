package dev.hangar.server.cli;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.RecordedServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's line to a running Hangar: JSON over HTTP with the caller's API key. A problem answer
 * becomes a {@link CliFailure} carrying the server's own sentence.
 */
public final class ApiConnection {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One client for the command's connections, made on first use; see {@link #closeClient}. */
    private static volatile HttpClient shared;

    private final String baseUrl;
    private final String apiKey;
    private final String found;
    private final KeyInShell keyInShell;

    private ApiConnection(String baseUrl, String found, String apiKey, KeyInShell keyInShell) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.found = found;
        this.apiKey = apiKey;
        this.keyInShell = keyInShell;
    }

    /**
     * How a shell line writes the key this command uses: the variable it came from, or the file
     * read with {@code $(cat …)}; with a line to run first when the shell does not have it.
     *
     * @param expression what goes after {@code Bearer } inside double quotes
     * @param before what to do before pasting, when the expression needs it
     */
    record KeyInShell(String expression, Optional<String> before) {}

    /** The server's URL, e.g. {@code http://localhost:8080}. */
    String baseUrl() {
        return baseUrl;
    }

    /**
     * Ends the HTTP client's selector thread once the command is done. A JVM that exits while a
     * thread sits in native code (the selector waiting in epoll) waits 300 ms for it first, a
     * quarter of a short command's time.
     */
    public static void closeClient() {
        HttpClient client = shared;
        if (client == null) {
            return;
        }
        client.shutdownNow();
        try {
            client.awaitTermination(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpClient http() {
        HttpClient client = shared;
        if (client == null) {
            synchronized (ApiConnection.class) {
                client = shared;
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .build();
                    shared = client;
                }
            }
        }
        return client;
    }

    /** How the command writes its key into a line to paste in a shell (the deploy command's curl line). */
    KeyInShell keyInShell() {
        return keyInShell;
    }

    /**
     * Connects with the given URL, else HANGAR_URL, else the server running on this machine's
     * HANGAR_HOME (its {@code server.url}), else {@code http://localhost:$HANGAR_PORT}; with the
     * given key, else HANGAR_API_KEY, else the admin key in HANGAR_HOME.
     */
    static ApiConnection resolve(String url, String key) {
        Path home = HangarHome.fromEnvironment();
        String baseUrl = firstNonBlank(url, System.getenv("HANGAR_URL"));
        String found = "";
        if (baseUrl == null) {
            Optional<RecordedServer> running = RecordedServer.of(home);
            if (running.isPresent()) {
                baseUrl = running.get().url();
                found = " (the server of " + home + ", pid " + running.get().pid() + ", as " + RecordedServer.file(home)
                        + " says)";
            } else {
                baseUrl = "http://localhost:" + firstNonBlank(System.getenv("HANGAR_PORT"), "8080");
                found = " (no server is running on HANGAR_HOME " + home + ")";
            }
        }
        if (key != null && !key.isBlank()) {
            return new ApiConnection(
                    baseUrl,
                    found,
                    key,
                    new KeyInShell(
                            "$HANGAR_API_KEY", Optional.of("export HANGAR_API_KEY=<the key you gave with --api-key>")));
        }
        String fromEnvironment = firstNonBlank(System.getenv("HANGAR_API_KEY"), null);
        if (fromEnvironment != null) {
            return new ApiConnection(
                    baseUrl, found, fromEnvironment, new KeyInShell("$HANGAR_API_KEY", Optional.empty()));
        }
        Path file = home.resolve("admin-api-key");
        String admin;
        try {
            admin = Files.readString(file).trim();
        } catch (IOException e) {
            throw new CliFailure("No API key: set HANGAR_API_KEY or --api-key (or run on the server's machine, where "
                    + file + " holds the admin key).");
        }
        return new ApiConnection(
                baseUrl, found, admin, new KeyInShell("$(cat " + shellQuoted(file.toString()) + ")", Optional.empty()));
    }

    /** {@code text} as one word of a POSIX shell, whatever it holds. */
    static String shellQuoted(String text) {
        return text.matches("[A-Za-z0-9_./:@%+=-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, Object body) {
        return sendJson("POST", path, body);
    }

    JsonNode patch(String path, Object body) {
        return sendJson("PATCH", path, body);
    }

    private JsonNode sendJson(String method, String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
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

    /**
     * Reads a Server-Sent Events stream, handing each {@code data:} line to {@code lines} as it
     * arrives (comments such as keep-alives are skipped), until the server ends the stream.
     */
    void follow(String path, Consumer<String> lines) {
        HttpRequest request = request(path)
                .timeout(Duration.ofHours(12))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> body = response.body()) {
            if (response.statusCode() >= 400) {
                answer(response.statusCode(), body.collect(Collectors.joining("\n")));
            }
            body.filter(line -> line.startsWith("data:"))
                    .map(line -> line.startsWith("data: ") ? line.substring(6) : line.substring(5))
                    .forEach(lines);
        } catch (java.io.UncheckedIOException e) {
            throw new CliFailure("The log stream from " + baseUrl + " broke off: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        return answer(response.statusCode(), response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http().send(request, body);
        } catch (ConnectException e) {
            throw new CliFailure("Cannot reach Hangar at " + baseUrl + found
                    + "; is it running (./hangar serve)? Set HANGAR_URL or --url to reach another server.");
        } catch (IOException e) {
            throw new CliFailure("Talking to " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    /** The JSON of a successful answer; a failed one becomes a {@link CliFailure} with the server's sentence. */
    private JsonNode answer(int status, String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (tools.jackson.core.JacksonException notJson) {
            // A proxy in front of Hangar may answer with HTML; show its status, not a parser's stack trace.
            throw new CliFailure(baseUrl + " did not answer as Hangar does (HTTP " + status + ", not JSON).");
        }
        if (status >= 400) {
            String detail = json.path("detail")
                    .asString(json.path("error").path("message").asString(body));
            throw new CliFailure(detail + " (HTTP " + status + ")", java.util.OptionalInt.of(status));
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
