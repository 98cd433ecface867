package dev.hangar.server.message;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.StandInProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * What the server writes for people reaches clients with its code and parameters beside the
 * English text: a refused request names every offending field with its own code, and an
 * endpoint's events and state reasons carry theirs, nested reasons included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageCodesIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(30);
    private static final String PROVIDER_KEY = "sk-provider-" + "52c1d0aa";
    private static final String PROVIDER_MODEL = "gpt-codes";

    private StandInProvider provider;
    private String username;
    private ApiClient owner;

    @BeforeAll
    void start() throws IOException {
        provider = new StandInProvider(PROVIDER_KEY, List.of(PROVIDER_MODEL));
        username = unique("codes");
        owner = userWithKey(username);
    }

    @AfterAll
    void stop() {
        provider.close();
    }

    @Test
    void badRequestNamesEveryOffendingFieldWithItsCodeAndParameters() {
        var answer = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("bad") + "\",\"minReplicas\":3,\"maxReplicas\":2,\"env\":{\"lower\":\"x\"}}");

        assertProblem(answer, 400, "validation");
        JsonNode problem = answer.json();
        assertThat(problem.get("code").asString()).isEqualTo("problem.invalidFields");
        Map<String, JsonNode> byField = new TreeMap<>();
        problem.get("errors").forEach(error -> byField.put(error.get("field").asString(), error));
        assertThat(byField).containsOnlyKeys("model", "env.lower", "maxReplicas");
        assertThat(byField.get("model").get("code").asString()).isEqualTo("endpoint.modelRequired");
        assertThat(byField.get("model").get("params").get("router").asString()).isEqualTo("openai-compatible");
        assertThat(byField.get("env.lower").get("code").asString()).isEqualTo("env.name");
        JsonNode bounds = byField.get("maxReplicas");
        assertThat(bounds.get("code").asString()).isEqualTo("endpoint.replicaBounds");
        assertThat(bounds.get("params").get("min").asString()).isEqualTo("3");
        assertThat(bounds.get("params").get("max").asString()).isEqualTo("2");
        assertThat(problem.get("detail").asString())
                .contains("model: ", "env.lower: ", "maxReplicas: ")
                .contains("(got min 3, max 2)");
    }

    @Test
    void unknownRouteAndBadJsonCarryTheirCodes() {
        var noRoute = owner.get("/api/v1/no-such-thing");
        assertProblem(noRoute, 404, "not-found");
        assertThat(noRoute.json().get("code").asString()).isEqualTo("problem.noRoute");
        assertThat(noRoute.json().get("params").get("path").asString()).isEqualTo("/api/v1/no-such-thing");

        var truncated = owner.postJson("/api/v1/api-keys", "{\"name\":");
        assertProblem(truncated, 400, "malformed-body");
        assertThat(truncated.json().get("code").asString()).startsWith("problem.bodyNotJson");
    }

    @Test
    void eventsAndStateReasonsCarryTheirCodesThroughTheApi() {
        String name = unique("coded");
        var created = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\""
                        + provider.baseUrl() + "\",\"model\":\"" + PROVIDER_MODEL + "\",\"apiKey\":\"" + PROVIDER_KEY
                        + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        JsonNode running = Deployments.awaitState(owner, id, DEPLOY, "Running");
        assertThat(running.get("stateReasonCode").asString()).isEqualTo("reason.forwarding");
        assertThat(running.get("stateReasonParams").get("model").asString()).isEqualTo(PROVIDER_MODEL);
        assertThat(running.get("stateReason").asString())
                .isEqualTo("forwarding to model " + PROVIDER_MODEL + " at " + provider.baseUrl());

        JsonNode creation = event(id, "event.created");
        assertThat(creation.get("params").get("user").asString()).isEqualTo(username);
        JsonNode summary = creation.get("params").get("summary");
        assertThat(summary.get("code").asString()).isEqualTo("event.createdRouter");
        assertThat(summary.get("params").get("url").asString()).isEqualTo(provider.baseUrl());
        assertThat(creation.get("message").asString())
                .isEqualTo("created by " + username + ": router to model " + PROVIDER_MODEL + " at "
                        + provider.baseUrl() + " with an API key");

        var stopping = owner.postJson("/api/v1/endpoints/" + id + "/stop", "");
        assertThat(stopping.status()).as(stopping.toString()).isEqualTo(202);
        assertThat(stopping.json().get("stateReasonCode").asString()).isEqualTo("reason.stopping");
        JsonNode requested = stopping.json().get("stateReasonParams").get("why");
        assertThat(requested.get("code").asString()).isEqualTo("reason.requested");
        assertThat(requested.get("params").get("action").asString()).isEqualTo("stop");
        assertThat(requested.get("params").get("user").asString()).isEqualTo(username);

        JsonNode stopped = Deployments.awaitState(owner, id, DEPLOY, "Stopped");
        assertThat(stopped.get("stateReasonCode").asString()).isEqualTo("reason.stoppedBecause");
        assertThat(stopped.get("stateReasonParams").get("why").get("code").asString())
                .isEqualTo("reason.requested");
        assertThat(stopped.get("stateReason").asString()).isEqualTo("stopped: stop requested by " + username);
        assertThat(event(id, "reason.requested").get("message").asString()).isEqualTo("stop requested by " + username);
    }

    /** The endpoint's last event with this code. */
    private JsonNode event(String id, String code) {
        var events = owner.get("/api/v1/endpoints/" + id + "/events");
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        JsonNode found = null;
        for (JsonNode event : events.json()) {
            if (code.equals(event.path("code").asString(""))) {
                found = event;
            }
        }
        assertThat(found)
                .as("an event with code " + code + " in " + events.body())
                .isNotNull();
        return found;
    }
}
