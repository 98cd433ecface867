package dev.hangar.server.auth;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A key cannot give its holder more than the key, or its user, was given. */
class KeyLimitsIT extends ServerTest {

    @Test
    void aFreshKeyInheritsItsCreatorsLimits() {
        ApiClient browser = loggedInUser(unique("heir"));
        Instant expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String creator = createKey(
                        browser,
                        "{\"name\":\"creator\",\"expiresAt\":\"" + expiry
                                + "\",\"limits\":{\"requestsPerMinute\":5,\"monthlyTokens\":1000}}")
                .get("key")
                .asString();

        var minted = anonymous().withKey(creator).postJson("/api/v1/api-keys", "{\"name\":\"minted\"}");

        assertThat(minted.status()).as(minted.toString()).isEqualTo(201);
        assertThat(minted.json().at("/limits/requestsPerMinute").asInt()).isEqualTo(5);
        assertThat(minted.json().at("/limits/monthlyTokens").asLong()).isEqualTo(1000);
        assertThat(minted.json().at("/limits/tokensPerMinute").isMissingNode()).isTrue();
        assertThat(Instant.parse(minted.json().get("expiresAt").asString())).isEqualTo(expiry);
    }

    @Test
    void aLimitedKeyCannotMintAnUnlimitedOne() {
        ApiClient browser = loggedInUser(unique("minter"));
        String limited = createKey(browser, "{\"name\":\"limited\",\"limits\":{\"requestsPerMinute\":5}}")
                .get("key")
                .asString();
        ApiClient withLimitedKey = anonymous().withKey(limited);

        var wider = withLimitedKey.postJson(
                "/api/v1/api-keys", "{\"name\":\"wider\",\"limits\":{\"requestsPerMinute\":1000}}");
        var unlimited = withLimitedKey.postJson("/api/v1/api-keys", "{\"name\":\"unlimited\"}");
        var narrower = withLimitedKey.postJson(
                "/api/v1/api-keys",
                "{\"name\":\"narrower\",\"limits\":{\"requestsPerMinute\":2,\"tokensPerMinute\":100}}");

        assertProblem(wider, 400, "validation");
        assertThat(wider.json().get("detail").asString()).contains("5");
        assertThat(unlimited.status()).as(unlimited.toString()).isEqualTo(201);
        assertThat(unlimited.json().at("/limits/requestsPerMinute").asInt()).isEqualTo(5);
        assertThat(narrower.status()).as(narrower.toString()).isEqualTo(201);
        assertThat(narrower.json().at("/limits/requestsPerMinute").asInt()).isEqualTo(2);
        assertThat(narrower.json().at("/limits/tokensPerMinute").asLong()).isEqualTo(100);
    }

    @Test
    void anExpiringKeyCannotMintALongerLivedOne() {
        ApiClient browser = loggedInUser(unique("mayfly"));
        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String expiring = createKey(browser, "{\"name\":\"expiring\",\"expiresAt\":\"" + expiry + "\"}")
                .get("key")
                .asString();
        ApiClient withExpiringKey = anonymous().withKey(expiring);

        var longer = withExpiringKey.postJson(
                "/api/v1/api-keys", "{\"name\":\"longer\",\"expiresAt\":\"" + expiry.plus(1, ChronoUnit.DAYS) + "\"}");
        var forever = withExpiringKey.postJson("/api/v1/api-keys", "{\"name\":\"forever\"}");
        var shorter = withExpiringKey.postJson(
                "/api/v1/api-keys",
                "{\"name\":\"shorter\",\"expiresAt\":\"" + expiry.minus(1, ChronoUnit.MINUTES) + "\"}");

        assertProblem(longer, 400, "validation");
        assertThat(longer.json().get("detail").asString()).contains(expiry.toString());
        assertThat(forever.status()).as(forever.toString()).isEqualTo(201);
        assertThat(Instant.parse(forever.json().get("expiresAt").asString())).isEqualTo(expiry);
        assertThat(shorter.status()).as(shorter.toString()).isEqualTo(201);
    }

    @Test
    void aKeyCannotWidenItsUsersLimits() {
        String name = unique("capped");
        ApiClient browser = loggedInUser(name);
        var set = admin().patchJson(
                        "/api/v1/users/" + name, "{\"limits\":{\"requestsPerMinute\":10,\"monthlyTokens\":5000}}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().at("/limits/requestsPerMinute").asInt()).isEqualTo(10);

        var wider = browser.postJson("/api/v1/api-keys", "{\"name\":\"wider\",\"limits\":{\"requestsPerMinute\":100}}");
        var narrower =
                browser.postJson("/api/v1/api-keys", "{\"name\":\"narrower\",\"limits\":{\"requestsPerMinute\":5}}");

        assertProblem(wider, 400, "validation");
        assertThat(narrower.status()).as(narrower.toString()).isEqualTo(201);
        var me = browser.get("/api/v1/auth/me");
        assertThat(me.json().at("/userLimits/requestsPerMinute").asInt())
                .as(me.toString())
                .isEqualTo(10);
        assertThat(me.json().at("/userLimits/monthlyTokens").asLong()).isEqualTo(5000);
        assertProblem(browser.patchJson("/api/v1/users/" + name, "{\"limits\":{}}"), 403, "forbidden");
    }

    @Test
    void aUserCannotExceedMaxKeys() {
        String name = unique("hoarder");
        ApiClient browser = loggedInUser(name);
        assertThat(admin().get("/api/v1/users/" + name)
                        .json()
                        .at("/limits/maxKeys")
                        .asInt())
                .as("the default for new users")
                .isEqualTo(50);
        var set = admin().patchJson("/api/v1/users/" + name, "{\"limits\":{\"maxKeys\":2}}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);

        String first = createKey(browser, "{\"name\":\"one\"}").get("id").asString();
        createKey(browser, "{\"name\":\"two\"}");
        var third = browser.postJson("/api/v1/api-keys", "{\"name\":\"three\"}");

        assertProblem(third, 409, "limit-reached");
        assertThat(third.json().get("detail").asString()).contains("2");
        assertThat(browser.delete("/api/v1/api-keys/" + first).status()).isEqualTo(204);
        assertThat(browser.postJson("/api/v1/api-keys", "{\"name\":\"three\"}").status())
                .isEqualTo(201);
    }

    private static JsonNode createKey(ApiClient client, String body) {
        var created = client.postJson("/api/v1/api-keys", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }
}
