package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible gateway in front of a real endpoint: one tiny GGUF on the built-in worker
 * with two replicas, owned by a user and private, shared by the tests (the replica kill runs last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    private String ownerName;
    private ApiClient owner;
    private String modelId;
    private String name;
    private String endpointId;

    @BeforeAll
    void deployAnEndpointWithTwoReplicas() {
        ownerName = unique("gw-owner");
        owner = userWithKey(ownerName);
        modelId = Deployments.readyTinyGguf(owner, SOURCES, unique("gw-tiny"));
        name = unique("gw-chat");
        var created = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + modelId + "\",\"minReplicas\":2,\"maxReplicas\":2,"
                        + "\"engineArgs\":{\"ctx-size\":512}}");
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
    @Order(Integer.MAX_VALUE)
    void requestsRightAfterAReplicaIsKilledAreAnsweredByTheOther() {
        List<JsonNode> replicas = replicas();
        JsonNode victim = replicas.getFirst();
        String survivor = replicas.getLast().get("id").asString();
        ProcessHandle.of(victim.get("pid").asLong()).orElseThrow().destroyForcibly();

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var answer = owner.postJson("/v1/completions", completion(name));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            servedBy.add(answer.raw().headers().firstValue("x-hangar-replica").orElseThrow());
        }
        assertThat(servedBy).containsOnly(survivor);
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
        assertThat(error.get("code").asString()).isEqualTo("model_not_found");
        assertThat(error.get("message").asString())
                .isEqualTo("The model '" + model + "' does not exist or you do not have access to it.");
    }

    private static void assertBadRequest(ApiClient.Response answer, String param) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("error").get("param").asString()).isEqualTo(param);
    }
}
