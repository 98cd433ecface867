package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufValue;
import dev.hangar.formats.gguf.GgufWriter;
import dev.hangar.formats.tiny.TinyLoraAdapter;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.TestUsers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * An endpoint of the built-in runtime serving a LoRA adapter from the registry beside its model:
 * the endpoint API refuses what is not an adapter for its model, the gateway routes
 * {@code ENDPOINT:ADAPTER} to the adapter and lists it, and usage and metrics count it apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayServesLoraAdaptersIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    private ApiClient owner;
    private String modelId;
    private String adapter;
    private String name;
    private String endpointId;

    @BeforeAll
    void deployAnEndpointWithAnAdapter() throws IOException {
        owner = admin().withKey(TestUsers.loggedIn(admin(), unique("lora-owner"))
                .postJson("/api/v1/api-keys", "{\"name\":\"test\"}")
                .json()
                .get("key")
                .asString());
        modelId = Deployments.readyTinyGguf(owner, SOURCES, unique("lora-base"));
        adapter = unique("style");
        Path file = SOURCES.resolve(adapter + ".gguf");
        // Deployments.readyTinyGguf's model: the 100k tiny llama of seed 7.
        TinyLoraAdapter.of(TinyModel.ofSize("100k", 7), 1).writeGguf(file);
        Deployments.readyModel(owner, adapter, file);
        name = unique("lora-chat");
        var created = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + modelId + "\",\"adapters\":[\"" + adapter + "\"],"
                        + "\"engineArgs\":{\"ctx-size\":4096,\"parallel\":2}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("adapters").get(0).asString()).isEqualTo(adapter);
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
    void whatIsNotALoraAdapterForTheModelIsRefusedByName() throws IOException {
        Path otherArchitecture = SOURCES.resolve(unique("gemma-lora") + ".gguf");
        new GgufWriter()
                .put("general.architecture", new GgufValue.Str("gemma3"))
                .put("general.type", new GgufValue.Str("adapter"))
                .put("adapter.type", new GgufValue.Str("lora"))
                .put("adapter.lora.alpha", new GgufValue.Float32(4))
                .addTensor("blk.0.attn_q.weight.lora_a", GgmlType.F32, List.of(32L, 4L), new byte[32 * 4 * 4])
                .addTensor("blk.0.attn_q.weight.lora_b", GgmlType.F32, List.of(4L, 32L), new byte[32 * 4 * 4])
                .writeTo(otherArchitecture);
        String gemmaAdapter = Deployments.readyModel(owner, unique("gemma-lora"), otherArchitecture);

        assertRefused(List.of(modelId), null, "is not a LoRA adapter");
        assertRefused(List.of(gemmaAdapter), null, "is a LoRA adapter for gemma3 models, but");
        assertRefused(List.of(adapter, adapter), null, "listed twice");
        assertRefused(List.of(adapter), "llama-server", "served by the built-in runtime");
    }

    @Test
    void theAdapterIsCalledAsEndpointColonAdapterAndAnswersApart() {
        String base = text(owner.postJson("/v1/completions", completion(name)));
        var adapted = owner.postJson("/v1/completions", completion(name + ":" + adapter));

        assertThat(adapted.status()).as(adapted.toString()).isEqualTo(200);
        assertThat(text(adapted)).isNotEqualTo(base);
        assertThat(text(owner.postJson("/v1/completions", completion(name + ":" + adapter))))
                .isEqualTo(text(adapted));
        var unknown = owner.postJson("/v1/completions", completion(name + ":nope"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void modelsListTheAdapterAfterItsEndpoint() {
        List<String> ids = new ArrayList<>();
        owner.get("/v1/models")
                .json()
                .get("data")
                .forEach(card -> ids.add(card.get("id").asString()));

        assertThat(ids).containsSubsequence(name, name + ":" + adapter);
        assertThat(owner.get("/v1/models/" + name + ":" + adapter)
                        .json()
                        .get("id")
                        .asString())
                .isEqualTo(name + ":" + adapter);
    }

    @Test
    void usageAndMetricsCountTheAdapterApart() {
        Instant before = Instant.now().minusSeconds(60);
        long adapterTokens = 0;
        for (int i = 0; i < 2; i++) {
            adapterTokens += owner.postJson("/v1/completions", completion(name + ":" + adapter))
                    .json()
                    .at("/usage/total_tokens")
                    .asLong();
        }
        long expected = adapterTokens;

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = owner.get("/api/v1/usage?groupBy=adapter&from=" + before)
                    .json()
                    .get("rows");
            JsonNode row = null;
            for (JsonNode candidate : rows) {
                if (adapter.equals(candidate.path("adapter").asString(""))) {
                    row = candidate;
                }
            }
            assertThat(row).as(rows.toString()).isNotNull();
            assertThat(row.get("endpoint").asString()).isEqualTo(name);
            assertThat(row.get("requests").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(row.get("totalTokens").asLong()).isGreaterThanOrEqualTo(expected);
        });
        String metrics = admin().get("/metrics").body();
        assertThat(metrics)
                .containsPattern("hangar_gateway_adapter_requests_total\\{adapter=\"" + adapter + "\",[^}]*endpoint=\""
                        + name + "\"[^}]*\\} [1-9][0-9.]*");
    }

    private void assertRefused(List<String> adapters, String runtime, String why) {
        var refused = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("lora-refused") + "\",\"model\":\"" + modelId + "\","
                        + (runtime == null ? "" : "\"runtime\":\"" + runtime + "\",")
                        + "\"adapters\":[\"" + String.join("\",\"", adapters) + "\"]}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString())
                .startsWith("adapters: ")
                .contains(why);
    }

    private static String completion(String model) {
        return "{\"model\":\"" + model + "\",\"prompt\":\"once upon a time\",\"max_tokens\":8,\"temperature\":0}";
    }

    private static String text(ApiClient.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().at("/choices/0/text").asString();
    }
}
