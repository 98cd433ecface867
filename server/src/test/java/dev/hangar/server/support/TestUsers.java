package dev.hangar.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/** Users with role {@code user} created through a server's API by its admin, for tests that act as a tenant. */
public final class TestUsers {

    private TestUsers() {}

    /** Creates the user and answers a client logged in as them (a browser session). */
    public static ApiClient loggedIn(ApiClient admin, String name) {
        String password = "pw-" + UUID.randomUUID();
        var created = admin.postJson(
                "/api/v1/users", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"role\":\"user\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ApiClient browser = admin.withKey(null);
        var login = browser.postJson(
                "/api/v1/auth/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return browser;
    }

    /** Creates the user and answers a client using an API key of theirs. */
    public static ApiClient withKey(ApiClient admin, String name) {
        String key = loggedIn(admin, name)
                .postJson("/api/v1/api-keys", "{\"name\":\"test\"}")
                .json()
                .get("key")
                .asString();
        return admin.withKey(key);
    }
}
