package dev.hangar.server.auth;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** A page on another site cannot make a logged-in browser write (CSRF); API keys are not cookies and are not affected. */
class CrossSiteWriteIT extends ServerTest {

    @Test
    void aCrossSiteCookieWriteIsRefused() {
        ApiClient browser = loggedInUser(unique("victim"));

        assertProblem(
                browser.send(keyCreation(browser, "from-evil").header("Origin", "https://evil.example")),
                403,
                "forbidden");
        assertProblem(
                browser.send(keyCreation(browser, "from-sibling").header("Sec-Fetch-Site", "same-site")),
                403,
                "forbidden");
        assertProblem(browser.send(keyCreation(browser, "from-null").header("Origin", "null")), 403, "forbidden");

        assertThat(browser.get("/api/v1/api-keys").json().get("total").asLong())
                .as("nothing was created")
                .isZero();
    }

    @Test
    void aSameOriginCookieWriteWorks() {
        ApiClient browser = loggedInUser(unique("ui"));

        var fromTheUi = browser.send(
                keyCreation(browser, "from-ui").header("Origin", baseUrl()).header("Sec-Fetch-Site", "same-origin"));
        var typedByHand = browser.send(keyCreation(browser, "typed").header("Sec-Fetch-Site", "none"));
        var withoutBrowserHeaders = browser.send(keyCreation(browser, "cli"));
        ApiClient withKey = anonymous().withKey(fromTheUi.json().get("key").asString());
        var keyFromAnywhere = withKey.send(keyCreation(withKey, "key").header("Origin", "https://elsewhere.example"));

        assertThat(fromTheUi.status()).as(fromTheUi.toString()).isEqualTo(201);
        assertThat(typedByHand.status()).as(typedByHand.toString()).isEqualTo(201);
        assertThat(withoutBrowserHeaders.status())
                .as(withoutBrowserHeaders.toString())
                .isEqualTo(201);
        assertThat(keyFromAnywhere.status()).as(keyFromAnywhere.toString()).isEqualTo(201);
    }

    private static HttpRequest.Builder keyCreation(ApiClient client, String name) {
        return client.request("/api/v1/api-keys")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"));
    }
}
