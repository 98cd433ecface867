package dev.hangar.worker;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One HTTP request in flight: reads its JSON body, writes a JSON, text or event-stream answer, and remembers what the
 * request log line reports (status, tokens, time to first token).
 */
public final class ApiCall {
    /** Bodies beyond this are refused: prompts that large cannot fit any context the worker runs with. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private final HttpExchange exchange;
    private final JsonMapper json;
    private final String id;
    private final long startNanos;
    private int status;
    private int promptTokens;
    private int completionTokens;
    private Duration timeToFirstToken;

    ApiCall(HttpExchange exchange, JsonMapper json, String id) {
        this.exchange = exchange;
        this.json = json;
        this.id = id;
        this.startNanos = System.nanoTime();
    }

    public String id() {
        return id;
    }

    /** The request path, without the query. */
    public String path() {
        return exchange.getRequestURI().getPath();
    }

    public JsonMapper json() {
        return json;
    }

    /** The request body as a JSON object. */
    public RequestBody readJson() throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw ApiError.tooLarge(MAX_BODY_BYTES);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the request body must be a JSON object", null);
        }
        return new RequestBody((ObjectNode) node);
    }

    public void sendJson(int code, JsonNode body) throws IOException {
        send(code, "application/json", json.writeValueAsBytes(body));
    }

    public void sendText(int code, String contentType, String body) throws IOException {
        send(code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void sendError(ApiError error) throws IOException {
        error.retryAfterSeconds()
                .ifPresent(seconds -> exchange.getResponseHeaders().set("Retry-After", String.valueOf(seconds)));
        sendJson(error.status(), errorBody(json, error.getMessage(), error.type(), error));
    }

    /** OpenAI's error object; also sent as an event when a stream fails after its first byte. */
    static ObjectNode errorBody(JsonMapper json, String message, String type, ApiError error) {
        ObjectNode body = json.createObjectNode();
        ObjectNode inner = body.putObject("error").put("message", message).put("type", type);
        if (error != null && error.param().isPresent()) {
            inner.put("param", error.param().get());
        } else {
            inner.putNull("param");
        }
        if (error != null && error.code().isPresent()) {
            inner.put("code", error.code().get());
        } else {
            inner.putNull("code");
        }
        return body;
    }

    /** Starts a {@code text/event-stream} answer with status 200; the status cannot change afterwards. */
    public SseStream startEventStream() throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        status = 200;
        return new SseStream(exchange.getResponseBody(), json);
    }

    private void send(int code, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        status = code;
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    boolean responded() {
        return status != 0;
    }

    /** Records usage for the request log line. */
    public void recordUsage(int prompt, int completion, Duration ttft) {
        this.promptTokens = prompt;
        this.completionTokens = completion;
        this.timeToFirstToken = ttft;
    }

    int status() {
        return status;
    }

    int promptTokens() {
        return promptTokens;
    }

    int completionTokens() {
        return completionTokens;
    }

    Duration timeToFirstToken() {
        return timeToFirstToken;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Marks a request whose client went away before the answer was complete (nginx's convention). */
    void markClientClosed() {
        status = 499;
    }
}
