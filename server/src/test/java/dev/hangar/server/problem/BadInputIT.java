package dev.hangar.server.problem;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Malformed requests of every kind get a 4xx problem that names the problem, never a 500 or a stack trace. */
class BadInputIT extends ServerTest {

    private static final String KEYS = "/api/v1/api-keys";
    private static final String USERS = "/api/v1/users";
    private static final String JSON = "application/json";

    record Case(
            String what,
            String method,
            String path,
            String contentType,
            String body,
            int status,
            String type,
            String field) {
        Case(String what, String method, String path, String contentType, String body, int status, String type) {
            this(what, method, path, contentType, body, status, type, null);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("truncated JSON", "POST", KEYS, JSON, "{\"name\":", 400, "malformed-body"),
                new Case("not JSON at all", "POST", KEYS, JSON, "name=ci", 400, "malformed-body"),
                new Case("empty body", "POST", KEYS, JSON, "", 400, "malformed-body"),
                new Case("array instead of object", "POST", KEYS, JSON, "[1,2]", 400, "malformed-body"),
                new Case(
                        "object where a string belongs",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":{\"a\":1}}",
                        400,
                        "validation",
                        "name"),
                new Case(
                        "array where a string belongs",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":[\"a\"]}",
                        400,
                        "validation",
                        "name"),
                new Case("missing required field", "POST", KEYS, JSON, "{}", 400, "validation", "name"),
                new Case("blank name", "POST", KEYS, JSON, "{\"name\":\"   \"}", 400, "validation", "name"),
                new Case(
                        "over-long name",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":\"" + "n".repeat(101) + "\"}",
                        400,
                        "validation",
                        "name"),
                new Case(
                        "control characters in name",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":\"a\\u0007b\"}",
                        400,
                        "validation",
                        "name"),
                new Case(
                        "date that is not a date",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":\"a\",\"expiresAt\":\"tomorrow\"}",
                        400,
                        "validation",
                        "expiresAt"),
                new Case(
                        "expiry in the past",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":\"a\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
                        400,
                        "validation",
                        "expiresAt"),
                new Case(
                        "unknown field (typo)",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":\"a\",\"expiresIn\":5}",
                        400,
                        "validation",
                        "expiresIn"),
                new Case(
                        "deeply nested JSON",
                        "POST",
                        KEYS,
                        JSON,
                        "[".repeat(5000) + "]".repeat(5000),
                        400,
                        "malformed-body"),
                new Case(
                        "text/plain body",
                        "POST",
                        KEYS,
                        "text/plain",
                        "{\"name\":\"a\"}",
                        415,
                        "unsupported-media-type"),
                new Case("no content type", "POST", KEYS, null, "{\"name\":\"a\"}", 415, "unsupported-media-type"),
                new Case("wrong method", "PUT", KEYS, JSON, "{\"name\":\"a\"}", 405, "method-not-allowed"),
                new Case("unknown route", "GET", "/api/v1/no-such-thing", null, null, 404, "not-found"),
                new Case("unknown key id", "DELETE", KEYS + "/key_doesnotexist", null, null, 404, "not-found"),
                new Case("page size zero", "GET", KEYS + "?size=0", null, null, 400, "validation", "size"),
                new Case("page size too large", "GET", KEYS + "?size=100000", null, null, 400, "validation", "size"),
                new Case("page that is not a number", "GET", KEYS + "?page=abc", null, null, 400, "validation", "page"),
                new Case(
                        "username with spaces",
                        "POST",
                        USERS,
                        JSON,
                        "{\"username\":\"Bad Name\",\"password\":\"long-enough-pw\",\"role\":\"user\"}",
                        400,
                        "validation",
                        "username"),
                new Case(
                        "role that does not exist",
                        "POST",
                        USERS,
                        JSON,
                        "{\"username\":\"carol\",\"password\":\"long-enough-pw\",\"role\":\"root\"}",
                        400,
                        "validation",
                        "role"),
                new Case(
                        "password too short",
                        "POST",
                        USERS,
                        JSON,
                        "{\"username\":\"carol\",\"password\":\"short\",\"role\":\"user\"}",
                        400,
                        "validation",
                        "password"),
                new Case(
                        "existing username",
                        "POST",
                        USERS,
                        JSON,
                        "{\"username\":\"admin\",\"password\":\"long-enough-pw\",\"role\":\"user\"}",
                        409,
                        "conflict"),
                new Case("login without fields", "POST", "/api/v1/auth/login", JSON, "{}", 400, "validation"),
                new Case(
                        "declared body over the limit",
                        "POST",
                        KEYS,
                        JSON,
                        "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}",
                        413,
                        "payload-too-large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedRequestGetsAProblemThatSaysWhy(Case c) {
        ApiClient admin = admin();
        HttpRequest.Builder request = admin.request(c.path());
        HttpRequest.BodyPublisher body =
                c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body());
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        request.method(c.method(), body);

        ApiClient.Response answer = admin.send(request);

        assertProblem(answer, c.status(), c.type());
        if (c.field() != null) {
            JsonNode errors = answer.json().get("errors");
            assertThat(errors).as(answer.toString()).isNotNull();
            assertThat(errors.valueStream().map(e -> e.get("field").asString()))
                    .as(answer.toString())
                    .contains(c.field());
        }
    }

    @org.junit.jupiter.api.Test
    void gatewayBodiesOverTheLimitAre413InOpenAisShapeDeclaredOrChunked() {
        byte[] big = ("{\"model\":\"m\",\"prompt\":\"" + "y".repeat(33 * 1024 * 1024) + "\"}").getBytes();
        ApiClient admin = admin();
        for (HttpRequest.BodyPublisher body : List.of(
                HttpRequest.BodyPublishers.ofByteArray(big),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))) {
            ApiClient.Response answer = admin.send(admin.request("/v1/completions")
                    .header("Content-Type", JSON)
                    .POST(body));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
            assertThat(answer.json().get("error").get("code").asString()).isEqualTo("payload_too_large");
        }
    }

    @org.junit.jupiter.api.Test
    void aClientThatWaitsForContinueIsToldToGoOnForTheApiAndTheGateway() {
        ApiClient admin = admin();

        ApiClient.Response key = admin.send(admin.request(KEYS)
                .header("Content-Type", JSON)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + unique("continue") + "\"}")));
        ApiClient.Response gateway = admin.send(admin.request("/v1/completions")
                .header("Content-Type", JSON)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"no-such-endpoint\",\"prompt\":\"x\"}")));

        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        assertThat(gateway.status()).as(gateway.toString()).isEqualTo(404);
        assertThat(gateway.json().at("/error/code").asString()).isEqualTo("model_not_found");
    }

    @org.junit.jupiter.api.Test
    void chunkedBodyOverTheLimitIsCutOffWith413() {
        byte[] big = ("{\"name\":\"" + "y".repeat(3 * 1024 * 1024) + "\"}").getBytes();
        ApiClient admin = admin();
        HttpRequest.Builder request = admin.request(KEYS)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

        assertProblem(admin.send(request), 413, "payload-too-large");
    }

    @org.junit.jupiter.api.Test
    void unknownGatewayRouteAnswersInOpenAiShape() {
        ApiClient.Response answer = admin().postJson("/v1/no-such-route", "{}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().at("/error/type").asString()).isEqualTo("not_found_error");
        assertThat(Optional.ofNullable(answer.json().at("/error/message").asString()))
                .hasValueSatisfying(m -> assertThat(m).isNotBlank());
    }

    @org.junit.jupiter.api.Test
    void errorForABrowserThatAcceptsOnlyHtmlIsStillAProblemNotA500() {
        ApiClient admin = admin();
        ApiClient.Response answer =
                admin.send(admin.request("/api/v1/no-such-thing").header("Accept", "text/html"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("Exception");
    }
}
