package dev.hangar.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for tests: JDK HttpClient against a running server, JSON answers parsed. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String baseUrl;
    private final Optional<String> apiKey;

    public ApiClient(String baseUrl, String apiKey) {
        this(baseUrl, Optional.ofNullable(apiKey), Optional.empty());
    }

    private ApiClient(String baseUrl, Optional<String> apiKey, Optional<InetAddress> localAddress) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(new java.net.CookieManager());
        localAddress.ifPresent(builder::localAddress);
        this.http = builder.build();
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    public ApiClient withKey(String key) {
        return new ApiClient(baseUrl, key);
    }

    /** A client without cookies or key that connects from {@code localAddress} (any of 127.0.0.0/8 on Linux): another client address. */
    public ApiClient from(InetAddress localAddress) {
        return new ApiClient(baseUrl, Optional.empty(), Optional.of(localAddress));
    }

    /** The API key this client sends. */
    public String apiKey() {
        return apiKey.orElseThrow();
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response postJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patchJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    /** An answer: status, headers, body, and the body as JSON. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        @Override
        public String toString() {
            return status() + " " + contentType() + " " + body();
        }
    }
}
