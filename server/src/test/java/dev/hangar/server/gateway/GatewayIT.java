package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.TestUsers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible gateway in front of a real endpoint: one tiny GGUF on the built-in worker
 * with two replicas, owned by a user and private, shared by the tests (the replica kill runs last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String ownerName;
    private ApiClient owner;
    private ApiClient ownerBrowser;
    private String modelId;
    private String name;
    private String endpointId;

    @BeforeAll
    void deployAnEndpointWithTwoReplicas() {
        ownerName = unique("gw-owner");
        ownerBrowser = TestUsers.loggedIn(admin(), ownerName);
        owner = admin().withKey(ownerBrowser
                .postJson("/api/v1/api-keys", "{\"name\":\"test\"}")
                .json()
                .get("key")
                .asString());
        modelId = Deployments.readyTinyGguf(owner, SOURCES, unique("gw-tiny"));
        name = unique("gw-chat");
        var created = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + modelId + "\",\"minReplicas\":2,\"maxReplicas\":2,"
                        + "\"engineArgs\":{\"ctx-size\":4096}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        endpointId = created.json().get("id").asString();
        Deployments.awaitState(owner, endpointId, DEPLOY, "Running");
    }

    @AfterAll
    void deleteTheEndpoint() {
        if (endpointId != null) {
            assertThat(owner.delete("/api/v1/endpoints/" + endpointId).status()).isEqualTo(204);
        }
    }

    @Test
    @Order(1)
    void usageAndMetricsCountExactlyTheRequestsSentAndTheTokensTheyUsed() {
        Instant before = Instant.now().minusSeconds(60);
        long prompt = 0;
        long completion = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode usage = owner.postJson("/v1/chat/completions", chat(name, false))
                    .json()
                    .get("usage");
            prompt += usage.get("prompt_tokens").asLong();
            completion += usage.get("completion_tokens").asLong();
        }
        String seeded = "{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}],"
                + "\"max_tokens\":5,\"temperature\":0,\"seed\":7,\"stream\":true";
        String withUsage = owner.postJson(
                        "/v1/chat/completions", seeded + ",\"stream_options\":{\"include_usage\":true}}")
                .body();
        JsonNode streamed = streamUsage(withUsage);
        assertThat(streamed)
                .as("the usage chunk the client asked for: " + withUsage)
                .isNotNull();
        String withoutUsage =
                owner.postJson("/v1/chat/completions", seeded + "}").body();
        assertThat(withoutUsage)
                .as("the usage chunk the gateway asked for on the client's behalf is not passed on")
                .doesNotContain("\"prompt_tokens\"")
                .endsWith("data: [DONE]\n\n");
        prompt += 2 * streamed.get("prompt_tokens").asLong();
        completion += 2 * streamed.get("completion_tokens").asLong();
        JsonNode embedded = owner.postJson("/v1/embeddings", "{\"model\":\"" + name + "\",\"input\":[\"a b\",\"c\"]}")
                .json()
                .get("usage");
        prompt += embedded.get("prompt_tokens").asLong();
        long prompted = prompt;
        long completed = completion;

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = owner.get("/api/v1/usage?groupBy=endpoint&from=" + before)
                    .json()
                    .get("rows");
            JsonNode row = rows.get(0);
            assertThat(rows).as(rows.toString()).hasSize(1);
            assertThat(row.get("endpoint").asString()).isEqualTo(name);
            assertThat(row.get("requests").asLong()).isEqualTo(6);
            assertThat(row.get("promptTokens").asLong()).isEqualTo(prompted);
            assertThat(row.get("completionTokens").asLong()).isEqualTo(completed);
        });
        JsonNode metrics = owner.get("/api/v1/endpoints/" + name + "/metrics?from=" + before + "&step=1m")
                .json();
        JsonNode totals = metrics.get("totals");
        assertThat(totals.get("requests").asLong()).as(metrics.toString()).isEqualTo(6);
        assertThat(totals.get("errors").asLong()).isZero();
        assertThat(totals.get("promptTokens").asLong()).isEqualTo(prompted);
        assertThat(totals.get("completionTokens").asLong()).isEqualTo(completed);
        assertThat(totals.get("latencyMs").get("p99").asDouble())
                .isGreaterThanOrEqualTo(totals.get("latencyMs").get("p50").asDouble())
                .isPositive();
        assertThat(totals.get("ttftMs").get("p50").asDouble()).isPositive();
        assertThat(totals.get("replicas").asInt()).isEqualTo(2);
        long perMinute = 0;
        for (JsonNode point : metrics.get("points")) {
            perMinute += point.get("requests").asLong();
        }
        assertThat(perMinute).as("the points add up to the totals").isEqualTo(6);
    }

    @Test
    void modelsListsTheEndpointForItsOwnerButNotForAnotherUser() {
        var listed = owner.get("/v1/models");
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().get("object").asString()).isEqualTo("list");
        JsonNode card = find(listed.json().get("data"), name);
        assertThat(card).as(listed.body()).isNotNull();
        assertThat(card.get("object").asString()).isEqualTo("model");
        assertThat(card.get("owned_by").asString()).isEqualTo(ownerName);
        assertThat(card.get("created").asLong()).isGreaterThan(1_700_000_000L);
        assertThat(owner.get("/v1/models/" + name).json().get("id").asString()).isEqualTo(name);

        ApiClient stranger = userWithKey(unique("gw-stranger"));
        assertThat(find(stranger.get("/v1/models").json().get("data"), name)).isNull();
        assertModelNotFound(stranger.get("/v1/models/" + name), name);
        assertModelNotFound(stranger.postJson("/v1/chat/completions", chat(name, false)), name);
    }

    @Test
    void chatCompletionAnswersWithTheEndpointNameAndUsage() {
        var answer = owner.postJson("/v1/chat/completions", chat(name, false));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode body = answer.json();
        assertThat(body.get("model").asString()).isEqualTo(name);
        assertThat(body.get("object").asString()).isEqualTo("chat.completion");
        assertThat(body.get("usage").get("total_tokens").asInt()).isPositive();
        assertThat(answer.raw().headers().firstValue("x-hangar-replica")).isPresent();
        assertThat(answer.raw().headers().firstValueAsLong("content-length"))
                .as("the replica's length, passed on")
                .hasValue(answer.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void streamedChatSendsEventsEndingInDone() {
        var answer = owner.postJson("/v1/chat/completions", chat(name, true));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/event-stream");
        List<String> events =
                answer.body().lines().filter(line -> line.startsWith("data:")).toList();
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        assertThat(events.getFirst()).contains("\"chat.completion.chunk\"", "\"model\":\"" + name + "\"");
    }

    @Test
    void completionsAndEmbeddingsAreRoutedToo() {
        var completion =
                owner.postJson("/v1/completions", "{\"model\":\"" + name + "\",\"prompt\":\"Once\",\"max_tokens\":2}");
        assertThat(completion.status()).as(completion.toString()).isEqualTo(200);
        assertThat(completion.json().get("object").asString()).isEqualTo("text_completion");

        var embedding = owner.postJson("/v1/embeddings", "{\"model\":\"" + name + "\",\"input\":[\"a\",\"b\"]}");
        assertThat(embedding.status()).as(embedding.toString()).isEqualTo(200);
        assertThat(embedding.json().get("data")).hasSize(2);

        // Reranking reaches the replica, whose worker answers that this model (no classification head) does not rank.
        var rerank = owner.postJson(
                "/v1/rerank", "{\"model\":\"" + name + "\",\"query\":\"q\",\"documents\":[\"a\",\"b\"]}");
        assertThat(rerank.status()).as(rerank.toString()).isEqualTo(400);
        assertThat(rerank.json().at("/error/message").asString()).contains("does not rank");
    }

    @Test
    void requestsSpreadOverBothReplicas() {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            var answer = owner.postJson("/v1/completions", completion(name));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            servedBy.add(answer.raw().headers().firstValue("x-hangar-replica").orElseThrow());
        }
        assertThat(servedBy).containsExactlyInAnyOrderElementsOf(replicaIds());
    }

    @Test
    void requestsBeyondTheReplicasSlotsShowAsQueueDepth() throws Exception {
        Instant before = Instant.now().minusSeconds(60);
        String body = "{\"model\":\"" + name + "\",\"prompt\":\"Tell me\",\"max_tokens\":24}";
        List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        // six at once on two replicas of one slot each: up to four wait in the replicas' queues
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(6);
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                clients.submit(() -> {
                    together.await();
                    return statuses.add(owner.postJson("/v1/completions", body).status());
                });
            }
        }
        assertThat(statuses).hasSize(6).containsOnly(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode totals = owner.get("/api/v1/endpoints/" + name + "/metrics?from=" + before)
                    .json()
                    .get("totals");
            assertThat(totals.get("queueDepth").asInt()).as(totals.toString()).isBetween(1, 4);
            assertThat(totals.get("inFlight").asInt()).isBetween(3, 6);
        });
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheirOrder() throws Exception {
        byte[] body = completion(name).getBytes(StandardCharsets.UTF_8);
        String inference = "POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + owner.apiKey()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.UTF_8);
        String models = "GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + owner.apiKey()
                + "\r\nConnection: close\r\n\r\n";
        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            // three requests in one write: two the gateway answers itself, then one for the management side
            socket.getOutputStream().write((inference + inference + models).getBytes(StandardCharsets.US_ASCII));
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answers.split("HTTP/1.1 200", -1)).as(answers).hasSize(4);
        int first = answers.indexOf("\"text_completion\"");
        int second = answers.indexOf("\"text_completion\"", first + 1);
        int list = answers.indexOf("\"object\":\"list\"");
        assertThat(first).as(answers).isPositive();
        assertThat(second).as(answers).isGreaterThan(first);
        assertThat(list).as(answers).isGreaterThan(second);
    }

    @Test
    void aConnectionCloseRequestReadToItsEndIsClosedAtOnce() throws Exception {
        byte[] body = completion(name).getBytes(StandardCharsets.UTF_8);
        String request = "POST /v1/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + owner.apiKey()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n" + new String(body, StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"text_completion\"");

            // nothing of the client's was left unread, so the server's socket is gone: bytes sent now are
            // refused with a reset (a lingering close would read and drop them for two seconds)
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 50; i++) {
                            socket.getOutputStream().write('x');
                            socket.getOutputStream().flush();
                            Thread.sleep(20);
                        }
                    })
                    .isInstanceOf(SocketException.class);
        }
    }

    @Test
    void anUnknownModelIsModelNotFound() {
        assertModelNotFound(owner.postJson("/v1/chat/completions", chat("no-such-model", false)), "no-such-model");
        assertModelNotFound(owner.get("/v1/models/no-such-model"), "no-such-model");
    }

    @Test
    void aRequestWithoutWhatRoutingNeedsIsABadRequestNamingTheParam() {
        assertBadRequest(owner.postJson("/v1/chat/completions", "{\"messages\":[]}"), "model");
        assertBadRequest(
                owner.postJson("/v1/chat/completions", "{\"model\":\"" + name + "\",\"messages\":\"hi\"}"), "messages");
        assertBadRequest(owner.postJson("/v1/embeddings", "{\"model\":\"" + name + "\"}"), "input");
        assertBadRequest(owner.postJson("/v1/rerank", "{\"model\":\"" + name + "\"}"), "query");
        assertBadRequest(owner.postJson("/v1/completions", "{\"model\":\"" + name + "\"}"), "prompt");

        var malformed = owner.postJson("/v1/chat/completions", "{\"model\":");
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.json().get("error").get("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void aStoppedEndpointIsUnavailableAndSaysSo() {
        String stoppedName = unique("gw-stopped");
        String id = owner.postJson(
                        "/api/v1/endpoints",
                        "{\"name\":\"" + stoppedName + "\",\"model\":\"" + modelId
                                + "\",\"engineArgs\":{\"ctx-size\":256}}")
                .json()
                .get("id")
                .asString();
        try {
            assertThat(owner.postJson("/api/v1/endpoints/" + id + "/stop", "").status())
                    .isEqualTo(202);
            Deployments.awaitState(owner, id, Duration.ofSeconds(60), "Stopped");

            var answer = owner.postJson("/v1/chat/completions", chat(stoppedName, false));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.json().get("error").get("message").asString()).contains("Stopped");
            assertThat(find(owner.get("/v1/models").json().get("data"), stoppedName))
                    .isNull();
        } finally {
            assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
        }
    }

    @Test
    void slowAndStalledClientsDoNotHoldUpOthers() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket slowLoris = new Socket("127.0.0.1", port);
                slowLoris
                        .getOutputStream()
                        .write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                stalled.add(slowLoris);
            }
            for (int i = 0; i < 4; i++) {
                Socket neverReads = new Socket();
                neverReads.setReceiveBufferSize(1024);
                neverReads.connect(new InetSocketAddress("127.0.0.1", port));
                byte[] body = ("{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Go\"}],"
                                + "\"max_tokens\":64,\"stream\":true}")
                        .getBytes(StandardCharsets.UTF_8);
                neverReads
                        .getOutputStream()
                        .write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                        + owner.apiKey() + "\r\nContent-Type: application/json\r\nContent-Length: "
                                        + body.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                neverReads.getOutputStream().write(body);
                stalled.add(neverReads);
            }

            // The stalled streams hold both replicas' slots while they generate (64 tokens each) and
            // stay open until the end of the test: a gateway that one of them held up would leave these
            // calls unanswered (the client gives up), however long a loaded machine takes to answer.
            assertThat(owner.get("/v1/models").status()).isEqualTo(200);
            var answer = owner.postJson("/v1/completions", completion(name));

            assertThat(answer.status())
                    .as("answered beside %d stalled clients: %s", stalled.size(), answer)
                    .isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    @Order(2)
    void aBrowserSessionIsServedLikeAKeyButNotFromAnotherSitesPage() {
        var answer = ownerBrowser.postJson("/v1/chat/completions", chat(name, false));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("usage").get("completion_tokens").asLong()).isPositive();
        assertThat(answer.raw().headers().firstValue("x-hangar-replica")).isPresent();

        var crossSite = ownerBrowser.send(ownerBrowser
                .request("/v1/chat/completions")
                .header("Content-Type", "application/json")
                .header("Origin", "https://elsewhere.example")
                .POST(HttpRequest.BodyPublishers.ofString(chat(name, false))));
        assertThat(crossSite.status()).as(crossSite.toString()).isEqualTo(403);
        assertThat(crossSite.json().get("error").get("type").asString()).isEqualTo("permission_error");

        var nobody = anonymous().postJson("/v1/chat/completions", chat(name, false));
        assertThat(nobody.status()).as(nobody.toString()).isEqualTo(401);
        assertThat(nobody.json().get("error").get("message").asString()).contains("POST /api/v1/auth/login");
    }

    @Test
    void anotherMethodThanPostIsRefusedInOpenAisShape() {
        var answer = owner.get("/v1/chat/completions");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        assertThat(answer.json().get("error").get("message").asString())
                .isEqualTo("GET is not allowed on /v1/chat/completions; use POST.");
    }

    /**
     * A replica killed in the middle of a streamed answer (after its first tokens reached the
     * client): that client gets the stream's error event, the requests running meanwhile are
     * answered by the other replica, and the killed one is started again.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aReplicaKilledMidStreamEndsThatStreamWithAnErrorFailsNoOtherRequestAndIsReplaced() throws Exception {
        String body = "{\"model\":\"" + name + "\",\"prompt\":\"Tell me\",\"max_tokens\":24}";
        String streamed = "{\"model\":\"" + name + "\",\"prompt\":\"Tell me a long story\",\"max_tokens\":4000,"
                + "\"stream\":true,\"ignore_eos\":true}";
        List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        // A shell started beforehand freezes the victim as soon as the first event has come: a tiny
        // model writes its tokens faster than a new process could be started to stop it, and once
        // frozen, the stream cannot end before the kill and the requests sent to it wait there.
        Process freezer = new ProcessBuilder("sh", "-c", "read pid && kill -STOP \"$pid\"").start();
        Map<String, Long> pids = new HashMap<>();
        replicas().forEach(r -> pids.put(r.get("id").asString(), r.get("pid").asLong()));
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient()
                .send(
                        owner.request("/v1/completions")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(streamed))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        String victimId = stream.headers().firstValue("x-hangar-replica").orElseThrow();
        long victimPid = pids.get(victimId);
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
                var clients = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            String first = events.readLine();
            try (var pid = freezer.outputWriter()) {
                pid.write(victimPid + "\n");
            }
            assertThat(freezer.waitFor()).as("the victim was frozen").isZero();
            assertThat(first).as("the first streamed event").startsWith("data: {");
            // Four clients at a time: the survivor alone (one slot, four in its queue) must hold all of them.
            java.util.concurrent.CountDownLatch underWay = new java.util.concurrent.CountDownLatch(4);
            for (int i = 0; i < 40; i++) {
                clients.submit(() -> {
                    underWay.countDown();
                    statuses.add(owner.postJson("/v1/completions", body).status());
                });
            }
            underWay.await();
            ProcessHandle.of(victimPid).orElseThrow().destroyForcibly();
            List<String> rest = events.lines().toList();
            assertThat(rest)
                    .as("the stream the killed replica was sending ends with an error event, not [DONE]")
                    .anySatisfy(line ->
                            assertThat(line).startsWith("data: {\"error\"").contains("retry the request"))
                    .doesNotContain("data: [DONE]");
        }

        assertThat(statuses).hasSize(40).containsOnly(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> now = replicas();
            assertThat(now)
                    .allSatisfy(r -> assertThat(r.get("state").asString()).isEqualTo("ready"));
            assertThat(now.stream()
                            .filter(r -> r.get("id").asString().equals(victimId))
                            .findFirst()
                            .orElseThrow()
                            .get("restarts")
                            .asInt())
                    .as("the killed replica was started again")
                    .isPositive();
        });
    }

    private List<JsonNode> replicas() {
        List<JsonNode> replicas = new ArrayList<>();
        owner.get("/api/v1/endpoints/" + endpointId + "/replicas").json().forEach(replicas::add);
        assertThat(replicas).hasSize(2);
        return replicas;
    }

    private List<String> replicaIds() {
        return replicas().stream().map(r -> r.get("id").asString()).toList();
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                + "\"max_tokens\":6,\"stream\":" + stream + "}";
    }

    /** The usage object of the stream's usage chunk, or null. */
    private static JsonNode streamUsage(String stream) {
        return stream.lines()
                .filter(line -> line.startsWith("data: {"))
                .map(line -> JSON.readTree(line.substring("data: ".length())))
                .filter(chunk -> chunk.path("usage").isObject())
                .map(chunk -> chunk.get("usage"))
                .findFirst()
                .orElse(null);
    }

    private static String completion(String model) {
        return "{\"model\":\"" + model + "\",\"prompt\":\"Hi\",\"max_tokens\":1}";
    }

    private static JsonNode find(JsonNode data, String id) {
        for (JsonNode model : data) {
            if (model.get("id").asString().equals(id)) {
                return model;
            }
        }
        return null;
    }

    private static void assertModelNotFound(ApiClient.Response answer, String model) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        JsonNode error = answer.json().get("error");
        assertThat(error.get("code").asString()).as("OpenAI's own code").isEqualTo("model_not_found");
        assertThat(error.get("message_code").asString()).isEqualTo("gateway.modelNotFound");
        assertThat(error.get("message_params").get("model").asString()).isEqualTo(model);
        assertThat(error.get("message").asString())
                .isEqualTo("The model '" + model + "' does not exist or you do not have access to it.");
    }

    private static void assertBadRequest(ApiClient.Response answer, String param) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("error").get("param").asString()).isEqualTo(param);
    }
}
