package dev.hangar.server.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hosted OpenAI-compatible provider for router endpoints' tests, on loopback: it accepts one API
 * key, lists its models, answers chat (plain or streamed, with usage when asked) and embeddings
 * with fixed token counts, and records every request it got (headers and body) for the test to
 * check what the gateway sent.
 */
public final class StandInProvider implements AutoCloseable {

    public static final long PROMPT_TOKENS = 11;
    public static final long COMPLETION_TOKENS = 7;

    /** One request as the provider received it. */
    public record Received(String method, String path, String authorization, JsonNode body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final String key;
    private final List<String> models;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public StandInProvider(String key, List<String> models) throws IOException {
        this.key = key;
        this.models = List.copyOf(models);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/", this::handle);
        server.start();
    }

    /**
     * The base URL a router endpoint is given, {@code http://localhost:PORT/v1}: by name, which
     * tests allow routers to reach (a loopback address is refused).
     */
    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The last inference request (not a model listing). */
    public Received lastInference() {
        return received.reversed().stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(new Received(exchange.getRequestMethod(), path, authorization, body));
            if (!("Bearer " + key).equals(authorization)) {
                json(
                        exchange,
                        401,
                        "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":"
                                + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
                return;
            }
            switch (path) {
                case "/v1/models" -> json(exchange, 200, modelList());
                case "/v1/chat/completions" -> chat(exchange, body);
                case "/v1/embeddings" ->
                    json(
                            exchange,
                            200,
                            "{\"object\":\"list\",\"model\":\""
                                    + body.get("model").asString() + "\",\"data\":[{\"object\":"
                                    + "\"embedding\",\"index\":0,\"embedding\":[0.5,-0.5]}],\"usage\":{\"prompt_tokens\":"
                                    + PROMPT_TOKENS + ",\"total_tokens\":" + PROMPT_TOKENS + "}}");
                default ->
                    json(exchange, 404, "{\"error\":{\"message\":\"no route\",\"type\":\"invalid_request_error\"}}");
            }
        }
    }

    private String modelList() {
        StringBuilder list = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < models.size(); i++) {
            list.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(models.get(i))
                    .append("\",\"object\":\"model\",\"owned_by\":\"provider\"}");
        }
        return list.append("]}").toString();
    }

    private static void chat(HttpExchange exchange, JsonNode body) throws IOException {
        String model = body.get("model").asString();
        String usage = "{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + COMPLETION_TOKENS
                + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}";
        if (!body.path("stream").asBoolean(false)) {
            json(
                    exchange,
                    200,
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model
                            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                            + "\"hello from the provider\"},\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String word : List.of("hello", " from", " the", " provider")) {
            event(
                    out,
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                            + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word
                            + "\"},\"finish_reason\":null}]}");
        }
        if (body.path("stream_options").path("include_usage").asBoolean(false)) {
            event(
                    out,
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                            + "\",\"choices\":[],\"usage\":" + usage + "}");
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
