package dev.hangar.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The probe against a stand-in replica: health polling, the smoke request and the replica token. */
class ReplicaProbeTest {

    private final ReplicaProbe probe = new ReplicaProbe();
    private final Map<String, JsonNode> received = new ConcurrentHashMap<>();
    private HttpServer server;
    private ReplicaHandle replica;

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        replica = handleOn(server.getAddress().getPort());
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    @Test
    void healthyOnlyWhenTheHealthPathAnswers200() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        server.createContext("/health", exchange -> answer(exchange, polls.incrementAndGet() < 3 ? 503 : 200, "{}"));

        assertThat(probe.answersHealth(replica, "/health")).isFalse();
        assertThat(probe.answersHealth(replica, "/health")).isFalse();
        assertThat(probe.answersHealth(replica, "/health")).isTrue();
    }

    @Test
    void nothingListeningIsNotHealthy() throws Exception {
        assertThat(probe.answersHealth(handleOn(closedPort()), "/health")).isFalse();
    }

    @Test
    void smokeSendsAOneTokenCompletionUnderTheServedName() throws Exception {
        server.createContext("/v1/completions", exchange -> record(exchange, 200, "{\"choices\":[]}"));

        SmokeResult result = probe.smoke(replica, "my \"chat\"", false);

        assertThat(result.ok()).isTrue();
        assertThat(result.detail()).startsWith("POST /v1/completions answered 200 in ");
        JsonNode request = received.get("/v1/completions");
        assertThat(request.get("model").asString()).isEqualTo("my \"chat\"");
        assertThat(request.get("prompt").asString()).isEqualTo("Hello");
        assertThat(request.get("max_tokens").asInt()).isEqualTo(1);
    }

    @Test
    void smokeOfAnEmbeddingModelAsksForAnEmbedding() throws Exception {
        server.createContext("/v1/embeddings", exchange -> record(exchange, 200, "{\"data\":[]}"));

        assertThat(probe.smoke(replica, "embedder", true).ok()).isTrue();
        assertThat(received.get("/v1/embeddings").get("input").asString()).isEqualTo("Hello");
    }

    @Test
    void aFailedSmokeSaysTheStatusAndTheStartOfTheAnswer() throws Exception {
        String error = "{\"error\":\"model 'x' not found\"}" + " ".repeat(10) + "z".repeat(1000);
        server.createContext("/v1/completions", exchange -> answer(exchange, 404, error));

        SmokeResult result = probe.smoke(replica, "x", false);

        assertThat(result.ok()).isFalse();
        assertThat(result.detail())
                .startsWith("POST /v1/completions answered 404 in ")
                .contains(": {\"error\":\"model 'x' not found\"}")
                .endsWith("z…");
        assertThat(result.detail().substring(result.detail().indexOf(": ") + 2)).hasSize(301);
    }

    @Test
    void aSmokeWithNobodyListeningSaysWhy() throws Exception {
        SmokeResult result = probe.smoke(handleOn(closedPort()), "x", false);

        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).startsWith("POST /v1/completions failed: ConnectException");
    }

    @Test
    void aReplicaThatAcceptsItsTokenIsOursAndOneThatRefusesItIsAnother() throws Exception {
        server.createContext(
                "/info",
                exchange -> answer(
                        exchange,
                        "Bearer tok_test".equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401,
                        "{\"version\":\"1\"}"));

        assertThat(probe.identify(replica)).isEqualTo(ReplicaProbe.Identity.OURS);
        assertThat(probe.identify(handleOn(replica.port(), "tok_other"))).isEqualTo(ReplicaProbe.Identity.ANOTHER);
    }

    @Test
    void aRuntimeWithoutInfoOrNotAnsweringIsUnknown() throws Exception {
        assertThat(probe.identify(replica)).isEqualTo(ReplicaProbe.Identity.UNKNOWN);
        assertThat(probe.identify(handleOn(closedPort()))).isEqualTo(ReplicaProbe.Identity.UNKNOWN);
    }

    @Test
    void healthChecksAndSmokeRequestsSendTheReplicasToken() throws Exception {
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/health", exchange -> {
            sent.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, "{}");
        });
        server.createContext("/v1/completions", exchange -> {
            sent.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, "{}");
        });

        assertThat(probe.answersHealth(replica, "/health")).isTrue();
        assertThat(probe.smoke(replica, "x", false).ok()).isTrue();

        assertThat(sent).containsExactly("Bearer tok_test", "Bearer tok_test");
    }

    private void record(HttpExchange exchange, int status, String body) throws IOException {
        received.put(
                exchange.getRequestURI().getPath(), JsonMapper.builder().build().readTree(exchange.getRequestBody()));
        answer(exchange, status, body);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ReplicaHandle handleOn(int port) {
        return handleOn(port, "tok_test");
    }

    private static ReplicaHandle handleOn(int port, String token) {
        return new ReplicaHandle("rep_test", 1, Instant.EPOCH, "127.0.0.1", port, Path.of("replica.log"), token);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
