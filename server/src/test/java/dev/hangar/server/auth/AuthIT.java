package dev.hangar.server.auth;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthIT extends ServerTest {

    @Test
    void freshHomeHoldsAnAdminKeyOnlyItsOwnerCanRead() throws Exception {
        var keyFile = HOME.resolve("admin-api-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(HOME.resolve("admin-password"))))
                .isEqualTo("rw-------");

        var me = admin().get("/api/v1/auth/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo("admin");
        assertThat(me.json().get("role").asString()).isEqualTo("admin");
    }

    @Test
    void requestWithoutKeyGets401Problem() {
        var answer = anonymous().get("/api/v1/api-keys");

        assertProblem(answer, 401, "unauthorized");
        assertThat(answer.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void wrongKeyGets401ProblemEvenOnRoutesThatDoNotExist() {
        assertProblem(anonymous().withKey("hgr_" + "x".repeat(40)).get("/api/v1/api-keys"), 401, "unauthorized");
        assertProblem(anonymous().withKey("nonsense").get("/api/v1/nothing-here"), 401, "unauthorized");
    }

    @Test
    void authorizationThatIsNotBearerGets401() {
        var answer = anonymous()
                .send(anonymous().request("/api/v1/api-keys").header("Authorization", "Basic YWRtaW46YWRtaW4="));

        assertProblem(answer, 401, "unauthorized");
        assertThat(answer.json().get("detail").asString()).contains("Bearer");
    }

    @Test
    void gatewayRoutesAnswerAuthErrorsInOpenAiShape() {
        var answer = anonymous().withKey("wrong-key").get("/v1/models");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().at("/error/type").asString()).isEqualTo("authentication_error");
        assertThat(answer.json().at("/error/message").asString()).contains("not valid");
    }

    @Test
    void createdKeyIsShownOnceAndListedByPrefixOnly() {
        var created = admin().postJson("/api/v1/api-keys", "{\"name\":\"" + unique("ci") + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").asString();
        String id = created.json().get("id").asString();
        assertThat(key).startsWith("hgr_").hasSize(44);

        var list = admin().get("/api/v1/api-keys?size=500");

        assertThat(list.body()).doesNotContain(key).contains(id).contains(key.substring(0, 12));
        assertThat(anonymous().withKey(key).get("/api/v1/auth/me").status()).isEqualTo(200);
        var listed = admin().get("/api/v1/api-keys?size=500")
                .json()
                .get("items")
                .valueStream()
                .filter(k -> k.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(listed.has("lastUsedAt")).as("lastUsedAt after a use").isTrue();
    }

    @Test
    void revokedKeyStopsWorkingOnTheNextRequest() {
        var created = admin().postJson("/api/v1/api-keys", "{\"name\":\"" + unique("revoke-me") + "\"}")
                .json();
        ApiClient withKey = anonymous().withKey(created.get("key").asString());
        assertThat(withKey.get("/api/v1/auth/me").status()).isEqualTo(200);

        assertThat(admin().delete("/api/v1/api-keys/" + created.get("id").asString())
                        .status())
                .isEqualTo(204);

        assertProblem(withKey.get("/api/v1/auth/me"), 401, "unauthorized");
        assertProblem(admin().delete("/api/v1/api-keys/" + created.get("id").asString()), 404, "not-found");
    }

    @Test
    void sameKeyNameTwiceIsAConflictNamingTheExistingKey() {
        String name = unique("twice");
        String first = admin().postJson("/api/v1/api-keys", "{\"name\":\"" + name + "\"}")
                .json()
                .get("id")
                .asString();

        var second = admin().postJson("/api/v1/api-keys", "{\"name\":\"" + name + "\"}");

        assertProblem(second, 409, "conflict");
        assertThat(second.json().get("existingId").asString()).isEqualTo(first);
    }

    @Test
    void keyExpiresAtItsExpiryTime() {
        Instant soon = Instant.now().plusSeconds(2);
        var created = admin().postJson(
                        "/api/v1/api-keys", "{\"name\":\"" + unique("short") + "\",\"expiresAt\":\"" + soon + "\"}");
        assertThat(created.status()).isEqualTo(201);
        ApiClient withKey = anonymous().withKey(created.json().get("key").asString());
        assertThat(withKey.get("/api/v1/auth/me").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var answer = withKey.get("/api/v1/auth/me");
            assertProblem(answer, 401, "unauthorized");
            assertThat(answer.json().get("detail").asString()).contains("expired");
        });
    }

    @Test
    void userKeyGets403OnAdminRoutesAndSeesOnlyItsOwnKeys() {
        ApiClient user = loggedInUser(unique("alice"));
        String userKey = user.postJson("/api/v1/api-keys", "{\"name\":\"laptop\"}")
                .json()
                .get("key")
                .asString();
        ApiClient withUserKey = anonymous().withKey(userKey);

        assertProblem(withUserKey.get("/api/v1/system"), 403, "forbidden");
        assertProblem(withUserKey.get("/api/v1/users"), 403, "forbidden");
        assertProblem(withUserKey.get("/api/v1/api-keys?all=true"), 403, "forbidden");
        assertThat(withUserKey.get("/api/v1/api-keys").json().get("total").asLong())
                .isEqualTo(1);

        String adminKeyId = admin().get("/api/v1/api-keys")
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        assertProblem(withUserKey.delete("/api/v1/api-keys/" + adminKeyId), 404, "not-found");
    }

    @Test
    void loginSetsASessionThatLogoutEnds() throws Exception {
        String password = Files.readString(HOME.resolve("admin-password")).trim();
        ApiClient browser = anonymous();
        assertProblem(
                browser.postJson("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"wrong\"}"),
                401,
                "unauthorized");

        var login =
                browser.postJson("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.raw().headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie)
                        .contains("HANGAR_SESSION")
                        .contains("HttpOnly")
                        .containsIgnoringCase("SameSite=Strict"));
        assertThat(browser.get("/api/v1/system").status()).isEqualTo(200);

        assertThat(browser.postJson("/api/v1/auth/logout", "").status()).isEqualTo(204);
        assertProblem(browser.get("/api/v1/system"), 401, "unauthorized");
    }

    @Test
    void deletedUserLosesKeysAndSession() {
        String name = unique("bob");
        ApiClient session = loggedInUser(name);
        String key = session.postJson("/api/v1/api-keys", "{\"name\":\"k\"}")
                .json()
                .get("key")
                .asString();

        assertThat(admin().delete("/api/v1/users/" + name).status()).isEqualTo(204);

        assertProblem(anonymous().withKey(key).get("/api/v1/auth/me"), 401, "unauthorized");
        assertProblem(session.get("/api/v1/auth/me"), 401, "unauthorized");
    }
}
