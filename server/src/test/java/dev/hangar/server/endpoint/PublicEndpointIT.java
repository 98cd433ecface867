package dev.hangar.server.endpoint;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.StandInProvider;
import dev.hangar.server.support.TestModels;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * What another user sees of a public endpoint (its name, state and how to call it, never its
 * configuration, events, replicas or logs), and that nobody can take a public endpoint's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicEndpointIT extends ServerTest {

    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final String SECRET = "s3cret-" + "value-9f2c";
    private static final String PROVIDER_KEY = "sk-provider-" + "0c4d";

    private StandInProvider provider;
    private ApiClient owner;
    private ApiClient other;

    @BeforeAll
    void startTheProviderAndUsers() throws IOException {
        provider = new StandInProvider(PROVIDER_KEY, List.of("hosted"));
        owner = userWithKey(unique("owner"));
        other = userWithKey(unique("other"));
    }

    @AfterAll
    void stopTheProvider() {
        provider.close();
    }

    private String publicRouter(ApiClient client, String name, String visibility) {
        var created = client.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"visibility\":\"" + visibility + "\",\"runtime\":\"openai-compatible\","
                        + "\"upstream\":{\"baseUrl\":\"" + provider.baseUrl() + "\",\"model\":\"hosted\",\"apiKey\":\""
                        + PROVIDER_KEY + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    @Test
    void anotherUserCannotReadPublicEnvValues() {
        ApiClient admin = admin();
        String modelName = unique("st");
        String model = Deployments.readyModel(
                admin, modelName, TestModels.safetensors(SOURCES.resolve(modelName + ".safetensors")));
        assertThat(admin.patchJson("/api/v1/models/" + model, "{\"visibility\":\"public\"}")
                        .status())
                .isEqualTo(200);
        String name = unique("with-env");
        var created = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + model
                        + "\",\"runtime\":\"sglang\",\"visibility\":\"public\","
                        + "\"engineArgs\":{\"context-length\":512},\"env\":{\"MY_TOKEN\":\"" + SECRET + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Deployments.awaitState(owner, id, QUICK, "BuildingFailed");

        JsonNode seen = other.get("/api/v1/endpoints/" + id).json();
        assertThat(seen.get("name").asString()).isEqualTo(name);
        assertThat(seen.get("state").asString()).isEqualTo("BuildingFailed");
        assertThat(seen.has("env")).isFalse();
        assertThat(seen.has("engineArgs")).isFalse();
        assertThat(seen.has("stateReason")).isFalse();
        assertThat(seen.has("progress")).isFalse();
        assertThat(seen.get("actions")).isEmpty();
        assertThat(other.get("/api/v1/endpoints?q=" + name).body())
                .contains(name)
                .doesNotContain(SECRET);
        assertProblem(other.get("/api/v1/endpoints/" + id + "/events"), 403, "forbidden");

        assertThat(owner.get("/api/v1/endpoints/" + id)
                        .json()
                        .get("env")
                        .get("MY_TOKEN")
                        .asString())
                .isEqualTo(SECRET);
        assertThat(admin.get("/api/v1/endpoints/" + id).body()).contains(SECRET);
        assertThat(owner.get("/api/v1/endpoints/" + id + "/events").status()).isEqualTo(200);
        assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void anotherUserCannotReadReplicaLogs() {
        String name = unique("shared-router");
        String id = publicRouter(owner, name, "public");
        Deployments.awaitState(owner, id, QUICK, "Running");
        var replicas = owner.get("/api/v1/endpoints/" + id + "/replicas");
        assertThat(replicas.status()).as(replicas.toString()).isEqualTo(200);
        String replica = replicas.json().get(0).get("id").asString();

        assertProblem(other.get("/api/v1/endpoints/" + id + "/replicas/" + replica + "/logs"), 403, "forbidden");
        var follow = other.send(other.request("/api/v1/endpoints/" + id + "/replicas/" + replica + "/logs?follow=true")
                .header("Accept", "text/event-stream")
                .GET());
        assertThat(follow.status()).isEqualTo(403);
        assertProblem(other.get("/api/v1/endpoints/" + id + "/replicas"), 403, "forbidden");
        JsonNode seen = other.get("/api/v1/endpoints/" + id).json();
        assertThat(seen.has("upstream"))
                .as("the provider's address is the owner's")
                .isFalse();
        assertThat(seen.toString()).doesNotContain(provider.baseUrl());
        var answer = other.postJson(
                "/v1/chat/completions",
                "{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(answer.status())
                .as("a public endpoint is still there to call")
                .isEqualTo(200);
        assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aUserCannotSquatAPublicEndpointsName() {
        String name = unique("famous");
        String id = publicRouter(owner, name, "public");
        var squat = other.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\""
                        + provider.baseUrl() + "\"}}");
        assertProblem(squat, 409, "conflict");
        assertThat(squat.json().get("detail").asString()).contains(name, "public endpoint");

        String later = unique("later");
        String mine = publicRouter(other, later, "private");
        String theirs = publicRouter(owner, later, "public");
        var publish = other.patchJson("/api/v1/endpoints/" + mine, "{\"visibility\":\"public\"}");
        assertProblem(publish, 409, "conflict");
        assertThat(other.get("/api/v1/endpoints/" + mine)
                        .json()
                        .get("visibility")
                        .asString())
                .isEqualTo("private");
        for (String endpoint : List.of(id, theirs)) {
            assertThat(owner.delete("/api/v1/endpoints/" + endpoint).status()).isEqualTo(204);
        }
        assertThat(other.patchJson("/api/v1/endpoints/" + mine, "{\"visibility\":\"public\"}")
                        .status())
                .as("free once the public one is gone")
                .isEqualTo(200);
        assertThat(other.delete("/api/v1/endpoints/" + mine).status()).isEqualTo(204);
    }
}
