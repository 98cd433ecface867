package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.StandInProvider;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Router endpoints (runtime {@code openai-compatible}) in front of a stand-in hosted provider: the
 * provider's key is stored encrypted and never shown, the gateway forwards with that key and the
 * provider's model name (never the caller's Hangar key), usage is metered at the provider's token
 * prices, and what can go wrong with a provider (wrong key, unknown model, gone) is said clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterEndpointIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(30);
    private static final String PROVIDER_KEY = "sk-provider-" + "7f3a9c1e";
    private static final String PROVIDER_MODEL = "gpt-test-mini";

    @Autowired
    private JdbcClient jdbc;

    private StandInProvider provider;
    private ApiClient owner;

    @BeforeAll
    void startTheProvider() throws IOException {
        provider = new StandInProvider(PROVIDER_KEY, List.of("other-model", PROVIDER_MODEL));
        owner = userWithKey(unique("router-owner"));
    }

    @AfterAll
    void stopTheProvider() {
        provider.close();
    }

    private String router(String name, String model, String key, String extra) {
        return "{\"name\":\"" + name + "\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\""
                + provider.baseUrl() + "/\",\"model\":\"" + model + "\""
                + (key == null ? "" : ",\"apiKey\":\"" + key + "\"") + "}" + extra + "}";
    }

    private String create(String body) {
        var created = owner.postJson("/api/v1/endpoints", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PROVIDER_KEY);
        return created.json().get("id").asString();
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]"
                + (stream ? ",\"stream\":true" : "") + "}";
    }

    @Test
    void forwardsWithTheProvidersKeyAndModelAndMetersAtItsPrices() {
        String name = unique("router");
        Instant before = Instant.now().minusSeconds(60);
        String id = create(router(
                name,
                PROVIDER_MODEL,
                PROVIDER_KEY,
                ",\"pricing\":{\"promptPerMillionTokens\":2.5,\"completionPerMillionTokens\":10}"));
        JsonNode running = Deployments.awaitState(owner, id, DEPLOY, "Running");
        assertThat(running.get("upstream").get("baseUrl").asString())
                .as("the trailing slash is dropped")
                .isEqualTo(provider.baseUrl());
        assertThat(running.get("upstream").get("model").asString()).isEqualTo(PROVIDER_MODEL);
        assertThat(running.get("upstream").get("apiKeySet").asBoolean()).isTrue();
        assertThat(running.get("readyReplicas").asInt()).isEqualTo(1);
        assertThat(running.get("progress").get("percent").asInt()).isEqualTo(100);
        assertThat(running.has("model")).as("a router has no registry model").isFalse();
        assertThat(running.toString()).doesNotContain(PROVIDER_KEY);
        String stored = jdbc.sql("select api_key from endpoint_upstreams where endpoint_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(stored).startsWith("v1:").doesNotContain(PROVIDER_KEY);

        assertThat(owner.get("/v1/models").body()).contains("\"id\":\"" + name + "\"");
        var answer = owner.postJson("/v1/chat/completions", chat(name, false));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json()
                        .get("choices")
                        .get(0)
                        .get("message")
                        .get("content")
                        .asString())
                .isEqualTo("hello from the provider");
        StandInProvider.Received sent = provider.lastInference();
        assertThat(sent.authorization())
                .as("the provider gets its own key, never the caller's Hangar key")
                .isEqualTo("Bearer " + PROVIDER_KEY);
        assertThat(sent.body().get("model").asString()).isEqualTo(PROVIDER_MODEL);

        String stream = owner.postJson("/v1/chat/completions", chat(name, true)).body();
        assertThat(stream)
                .contains("hello", " provider")
                .as("the usage chunk asked for on the client's behalf is not passed on")
                .doesNotContain("prompt_tokens")
                .endsWith("data: [DONE]\n\n");
        var embedded = owner.postJson("/v1/embeddings", "{\"model\":\"" + name + "\",\"input\":\"a\"}");
        assertThat(embedded.status()).as(embedded.toString()).isEqualTo(200);

        double perChat = (StandInProvider.PROMPT_TOKENS * 2.5 + StandInProvider.COMPLETION_TOKENS * 10) / 1e6;
        double perEmbedding = StandInProvider.PROMPT_TOKENS * 2.5 / 1e6;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = owner.get("/api/v1/usage?groupBy=endpoint&from=" + before)
                    .json()
                    .get("rows");
            JsonNode row = rows.valueStream()
                    .filter(r -> r.get("endpoint").asString().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no usage of " + name + " in " + rows));
            assertThat(row.get("requests").asLong()).isEqualTo(3);
            assertThat(row.get("promptTokens").asLong()).isEqualTo(3 * StandInProvider.PROMPT_TOKENS);
            assertThat(row.get("completionTokens").asLong()).isEqualTo(2 * StandInProvider.COMPLETION_TOKENS);
            assertThat(row.get("cost").asDouble()).isCloseTo(2 * perChat + perEmbedding, within(1e-12));
        });
        assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aReplacedKeyTakesEffectAtOnceAndAProviderRefusingItIsABadGatewayNotTheCallersFault() {
        String name = unique("router-rotate");
        String id = create(router(name, PROVIDER_MODEL, PROVIDER_KEY, ""));
        Deployments.awaitState(owner, id, DEPLOY, "Running");

        var patched = owner.patchJson("/api/v1/endpoints/" + id, "{\"upstream\":{\"apiKey\":\"sk-revoked\"}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("state").asString()).isEqualTo("Running");
        var refused = owner.postJson("/v1/chat/completions", chat(name, false));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
        assertThat(refused.json().get("error").get("message").asString())
                .contains("refused its API key (401)")
                .doesNotContain("sk-revoked");
        assertThat(provider.lastInference().authorization()).isEqualTo("Bearer sk-revoked");

        owner.patchJson("/api/v1/endpoints/" + id, "{\"upstream\":{\"apiKey\":\"" + PROVIDER_KEY + "\"}}");
        assertThat(owner.postJson("/v1/chat/completions", chat(name, false)).status())
                .isEqualTo(200);
        String events = owner.get("/api/v1/endpoints/" + id + "/events").body();
        assertThat(events)
                .contains("API key replaced")
                .doesNotContain("settings changed")
                .doesNotContain(PROVIDER_KEY)
                .doesNotContain("sk-revoked");

        assertThat(owner.postJson("/api/v1/endpoints/" + id + "/stop", "").status())
                .isEqualTo(202);
        JsonNode stopped = Deployments.awaitState(owner, id, DEPLOY, "Stopped");
        assertThat(stopped.get("readyReplicas").asInt()).isZero();
        var whileStopped = owner.postJson("/v1/chat/completions", chat(name, false));
        assertThat(whileStopped.status()).isEqualTo(503);
        assertThat(whileStopped.json().get("error").get("message").asString()).contains("Stopped");
        assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    /**
     * A router's replica answers where the provider backend checked it: a new base URL on a running
     * router redeploys it, so the provider there is checked with the key before requests go to it.
     */
    @Test
    void aNewBaseUrlRedeploysTheRouterAndRequestsGoToTheProviderCheckedThere() throws IOException {
        String name = unique("router-moved");
        String id = create(router(name, PROVIDER_MODEL, PROVIDER_KEY, ""));
        Deployments.awaitState(owner, id, DEPLOY, "Running");
        assertThat(replicaAddresses(id)).containsExactly(provider.baseUrl());

        try (StandInProvider next = new StandInProvider(PROVIDER_KEY, List.of(PROVIDER_MODEL))) {
            var patched = owner.patchJson(
                    "/api/v1/endpoints/" + id, "{\"upstream\":{\"baseUrl\":\"" + next.baseUrl() + "\"}}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            await().atMost(DEPLOY).untilAsserted(() -> {
                assertThat(replicaAddresses(id)).containsExactly(next.baseUrl());
                assertThat(owner.get("/api/v1/endpoints/" + id)
                                .json()
                                .get("state")
                                .asString())
                        .isEqualTo("Running");
            });
            assertThat(next.received())
                    .as("the provider at the new address was checked with the key")
                    .anySatisfy(r -> {
                        assertThat(r.path()).endsWith("/models");
                        assertThat(r.authorization()).isEqualTo("Bearer " + PROVIDER_KEY);
                    });
            int askedBefore = provider.received().size();

            var answer = owner.postJson("/v1/chat/completions", chat(name, false));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(next.lastInference().body().get("model").asString()).isEqualTo(PROVIDER_MODEL);
            assertThat(provider.received())
                    .as("nothing more went to the old provider")
                    .hasSize(askedBefore);
        }
        assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    private List<String> replicaAddresses(String id) {
        return owner.get("/api/v1/endpoints/" + id + "/replicas")
                .json()
                .valueStream()
                .map(replica -> replica.has("address") ? replica.get("address").asString() : "(none)")
                .toList();
    }

    @Test
    void aWrongKeyOrAnUnknownModelFailsTheDeploymentSayingWhy() {
        String badKey = create(router(unique("router-badkey"), PROVIDER_MODEL, "sk-wrong", ""));
        JsonNode refused = Deployments.awaitState(owner, badKey, DEPLOY, "DeployFailed");
        assertThat(refused.get("stateReason").asString())
                .contains("refused the API key (401)")
                .doesNotContain("sk-wrong");

        String unknown = create(router(unique("router-unknown"), "gpt-nonexistent", PROVIDER_KEY, ""));
        JsonNode failed = Deployments.awaitState(owner, unknown, DEPLOY, "DeployFailed");
        assertThat(failed.get("stateReason").asString())
                .contains("does not serve model 'gpt-nonexistent' (it lists 2 others)");

        for (String id : List.of(badKey, unknown)) {
            assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
        }
    }

    @Test
    void aProviderThatIsGoneIsA503NamingIt() throws IOException {
        String name = unique("router-gone");
        String id;
        String url;
        try (StandInProvider doomed = new StandInProvider(PROVIDER_KEY, List.of(PROVIDER_MODEL))) {
            url = doomed.baseUrl();
            id = create("{\"name\":\"" + name + "\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\""
                    + url + "\",\"model\":\"" + PROVIDER_MODEL + "\",\"apiKey\":\"" + PROVIDER_KEY + "\"}}");
            Deployments.awaitState(owner, id, DEPLOY, "Running");
        }
        var gone = owner.postJson("/v1/chat/completions", chat(name, false));
        assertThat(gone.status()).as(gone.toString()).isEqualTo(503);
        assertThat(gone.json().get("error").get("message").asString())
                .contains("the provider at " + url + " could not be reached");
        assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void fieldsThatDoNotApplyAreRefusedByName() {
        String base = "\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\"" + provider.baseUrl() + "\"}";
        assertRefused("{\"name\":\"r1\"," + base + ",\"model\":\"some-model\"}", "model", "upstream.model");
        assertRefused("{\"name\":\"r2\"," + base + ",\"engineArgs\":{\"ctx-size\":512}}", "engineArgs", "router");
        assertRefused("{\"name\":\"r3\"," + base + ",\"maxReplicas\":3}", "minReplicas", "one provider");
        assertRefused(
                "{\"name\":\"r4\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\"ftp://host/v1\"}}",
                "upstream.baseUrl",
                "http://");
        assertRefused(
                "{\"name\":\"r5\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\"https://user:pw@host/v1\"}}",
                "upstream.baseUrl",
                "credentials");
        assertRefused("{\"name\":\"r6\",\"runtime\":\"openai-compatible\"}", "upstream.baseUrl", "required");
        assertRefused(
                "{\"name\":\"r7\",\"model\":\"any\",\"upstream\":{\"baseUrl\":\"" + provider.baseUrl() + "\"}}",
                "upstream",
                "only router endpoints");
        assertRefused(
                "{\"name\":\"r8\"," + base + ",\"pricing\":{\"promptPerMillionTokens\":-1}}",
                "pricing.promptPerMillionTokens",
                "");

        String id = create(router(unique("router-rules"), PROVIDER_MODEL, PROVIDER_KEY, ""));
        Deployments.awaitState(owner, id, DEPLOY, "Running");
        var scaled = owner.postJson("/api/v1/endpoints/" + id + "/scale", "{\"replicas\":2}");
        assertThat(scaled.status()).as(scaled.toString()).isEqualTo(400);
        assertThat(scaled.body()).contains("one provider");
        assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    private void assertRefused(String body, String field, String says) {
        var refused = owner.postJson("/api/v1/endpoints", body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body())
                .as(refused.toString())
                .contains("\"" + field + "\"")
                .contains(says);
    }
}
