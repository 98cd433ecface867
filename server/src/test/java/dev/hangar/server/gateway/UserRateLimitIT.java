package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A user's gateway limits hold whatever the user calls with: a browser session or any of their keys. */
class UserRateLimitIT extends ServerTest {

    @Test
    void aSessionIsRateLimitedLikeAKey() {
        String name = unique("chatty");
        ApiClient browser = loggedInUser(name);
        String key = browser.postJson("/api/v1/api-keys", "{\"name\":\"unlimited\"}")
                .json()
                .get("key")
                .asString();
        String model = Deployments.readyTinyGguf(browser, SOURCES, unique("rl-tiny"));
        String endpoint = unique("rl-embed");
        var created = browser.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + endpoint + "\",\"model\":\"" + model + "\",\"engineArgs\":{\"ctx-size\":512}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        try {
            Deployments.awaitState(browser, id, Duration.ofSeconds(90), "Running");
            var set = admin().patchJson("/api/v1/users/" + name, "{\"limits\":{\"requestsPerMinute\":2}}");
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
            String embed = "{\"model\":\"" + endpoint + "\",\"input\":\"hi\"}";

            var first = browser.postJson("/v1/embeddings", embed);
            var second = browser.postJson("/v1/embeddings", embed);
            var third = browser.postJson("/v1/embeddings", embed);
            var withKey = anonymous().withKey(key).postJson("/v1/embeddings", embed);

            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            assertThat(second.status()).as(second.toString()).isEqualTo(200);
            assertThat(third.status()).as(third.toString()).isEqualTo(429);
            assertThat(third.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(third.raw().headers().firstValue("x-ratelimit-limit-requests"))
                    .hasValue("2");
            assertThat(third.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(withKey.status())
                    .as("the user's allowance is shared by their keys: " + withKey)
                    .isEqualTo(429);
        } finally {
            browser.delete("/api/v1/endpoints/" + id);
        }
    }
}
