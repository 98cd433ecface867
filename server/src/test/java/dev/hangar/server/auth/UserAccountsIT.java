package dev.hangar.server.auth;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Containing an account: password change, disabling, and deleting a user who owns things. */
class UserAccountsIT extends ServerTest {

    @Test
    void aUserCanChangeTheirPassword() {
        String name = unique("changer");
        String password = createUser(name);
        ApiClient here = login(name, password);
        ApiClient elsewhere = login(name, password);
        String key = here.postJson("/api/v1/api-keys", "{\"name\":\"k\"}")
                .json()
                .get("key")
                .asString();

        assertProblem(changePassword(here, "not-" + password, "a-new-password-1"), 400, "validation");
        assertThat(changePassword(here, password, "a-new-password-1").status()).isEqualTo(204);

        assertThat(here.get("/api/v1/auth/me").status())
                .as("this session goes on")
                .isEqualTo(200);
        assertProblem(elsewhere.get("/api/v1/auth/me"), 401, "unauthorized");
        assertThat(anonymous().withKey(key).get("/api/v1/auth/me").status())
                .as("keys go on")
                .isEqualTo(200);
        assertProblem(loginAnswer(anonymous(), name, password), 401, "unauthorized");
        assertThat(loginAnswer(anonymous(), name, "a-new-password-1").status()).isEqualTo(200);
    }

    @Test
    void aDisabledUsersKeysStopAtOnce() {
        String name = unique("leaky");
        ApiClient withKey = userWithKey(name);
        assertThat(withKey.get("/api/v1/auth/me").status()).isEqualTo(200);

        var disabled = admin().postJson("/api/v1/users/" + name + "/disable", "");

        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        assertProblem(withKey.get("/api/v1/auth/me"), 401, "unauthorized");
        assertThat(withKey.get("/v1/models").status()).isEqualTo(401);
        assertThat(admin().postJson("/api/v1/users/" + name + "/enable", "").status())
                .isEqualTo(200);
        assertThat(withKey.get("/api/v1/auth/me").status()).isEqualTo(200);
        assertProblem(admin().postJson("/api/v1/users/admin/disable", ""), 409, "conflict");
    }

    @Test
    void aRoleChangeAppliesToTheUsersKeyAndSessionAtOnce() {
        String name = unique("promoted");
        String password = createUser(name);
        ApiClient session = login(name, password);
        ApiClient withKey = session.withKey(session.postJson("/api/v1/api-keys", "{\"name\":\"k\"}")
                .json()
                .get("key")
                .asString());
        assertProblem(withKey.get("/api/v1/users"), 403, "forbidden");

        var promoted = admin().patchJson("/api/v1/users/" + name, "{\"role\":\"admin\"}");

        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().get("role").asString()).isEqualTo("admin");
        assertThat(withKey.get("/api/v1/users").status())
                .as("the key's cached check")
                .isEqualTo(200);
        assertThat(session.get("/api/v1/users").status()).isEqualTo(200);
        assertProblem(withKey.patchJson("/api/v1/users/" + name, "{\"role\":\"user\"}"), 409, "conflict");

        var demoted = admin().patchJson("/api/v1/users/" + name, "{\"role\":\"user\"}");
        assertThat(demoted.json().get("role").asString()).isEqualTo("user");
        assertThat(demoted.json().get("limits").get("maxKeys").asInt())
                .as("a new user's limits (HANGAR_USER_MAX_KEYS defaults to 50)")
                .isEqualTo(50);
        assertProblem(withKey.get("/api/v1/users"), 403, "forbidden");
        assertProblem(session.get("/api/v1/users"), 403, "forbidden");
        var unknownRole = admin().patchJson("/api/v1/users/" + name, "{\"role\":\"owner\"}");
        assertProblem(unknownRole, 400, "validation");
        assertThat(unknownRole.json().get("errors").get(0).get("field").asString())
                .isEqualTo("role");
    }

    @Test
    void aPatchDisablesAndEnablesAndLeavesTheRest() {
        String name = unique("patched");
        ApiClient withKey = userWithKey(name);
        admin().patchJson("/api/v1/users/" + name, "{\"limits\":{\"maxEndpoints\":2}}");

        var disabled = admin().patchJson("/api/v1/users/" + name, "{\"disabled\":true}");

        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        assertThat(disabled.json().get("role").asString()).isEqualTo("user");
        assertThat(disabled.json().get("limits").get("maxEndpoints").asInt()).isEqualTo(2);
        assertProblem(withKey.get("/api/v1/auth/me"), 401, "unauthorized");
        assertThat(admin().patchJson("/api/v1/users/" + name, "{\"disabled\":false}")
                        .json()
                        .get("disabled")
                        .asBoolean())
                .isFalse();
        assertThat(withKey.get("/api/v1/auth/me").status()).isEqualTo(200);
        var self = admin().patchJson("/api/v1/users/admin", "{\"disabled\":true}");
        assertProblem(self, 409, "conflict");
        assertThat(self.json().get("code").asString()).isEqualTo("user.disableSelf");
        assertThat(admin().patchJson("/api/v1/users/admin", "{\"role\":\"user\"}")
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("user.roleSelf");
    }

    @Test
    void aDeletedUsersKeyStopsAtOnce() {
        String name = unique("deleted");
        ApiClient withKey = userWithKey(name);
        assertThat(withKey.get("/v1/models").status())
                .as("checked once, so cached")
                .isEqualTo(200);

        assertThat(admin().delete("/api/v1/users/" + name).status()).isEqualTo(204);

        assertThat(withKey.get("/v1/models").status()).isEqualTo(401);
        assertProblem(withKey.get("/api/v1/auth/me"), 401, "unauthorized");
        var self = admin().delete("/api/v1/users/admin");
        assertProblem(self, 409, "conflict");
        assertThat(self.json().get("code").asString()).isEqualTo("user.deleteSelf");
    }

    @Test
    void aDisabledUsersSessionStopsAtOnce() {
        String name = unique("stolen");
        String password = createUser(name);
        ApiClient session = login(name, password);

        assertThat(admin().postJson("/api/v1/users/" + name + "/disable", "").status())
                .isEqualTo(200);

        assertProblem(session.get("/api/v1/auth/me"), 401, "unauthorized");
        assertProblem(loginAnswer(anonymous(), name, password), 403, "forbidden");
        assertThat(admin().postJson("/api/v1/users/" + name + "/enable", "").status())
                .isEqualTo(200);
        assertProblem(session.get("/api/v1/auth/me"), 401, "unauthorized");
        assertThat(loginAnswer(anonymous(), name, password).status()).isEqualTo(200);
    }

    @Test
    void aUserWhoOwnsThingsCanBeDeletedWithReassignment() throws Exception {
        String leaving = unique("leaving");
        String heir = unique("heir");
        ApiClient owner = userWithKey(leaving);
        ApiClient heirClient = userWithKey(heir);
        String model = readyUploadedModel(owner, unique("kept"));

        assertProblem(admin().delete("/api/v1/users/" + leaving), 409, "conflict");
        assertProblem(admin().delete("/api/v1/users/" + leaving + "?resources=reassign"), 400, "validation");
        assertThat(admin().delete("/api/v1/users/" + leaving + "?resources=reassign&to=" + heir)
                        .status())
                .isEqualTo(204);

        var kept = heirClient.get("/api/v1/models/" + model);
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.json().get("owner").asString()).isEqualTo(heir);
        assertProblem(admin().get("/api/v1/users/" + leaving), 404, "not-found");
        assertProblem(owner.get("/api/v1/auth/me"), 401, "unauthorized");
    }

    @Test
    void aUserWhoOwnsThingsCanBeDeletedWithDeletion() throws Exception {
        String leaving = unique("gone");
        ApiClient owner = userWithKey(leaving);
        String model = readyUploadedModel(owner, unique("doomed"));
        var endpoint = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("doomed") + "\",\"model\":\"" + model + "\",\"minReplicas\":1,"
                        + "\"maxReplicas\":1,\"engineArgs\":{\"ctx-size\":256}}");
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
        String endpointId = endpoint.json().get("id").asString();

        assertThat(admin().delete("/api/v1/users/" + leaving + "?resources=delete")
                        .status())
                .isEqualTo(204);

        assertProblem(admin().get("/api/v1/endpoints/" + endpointId), 404, "not-found");
        assertProblem(admin().get("/api/v1/models/" + model), 404, "not-found");
        assertProblem(admin().get("/api/v1/users/" + leaving), 404, "not-found");
    }

    private String createUser(String name) {
        String password = "pw-" + UUID.randomUUID();
        var created = admin().postJson(
                        "/api/v1/users",
                        "{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"role\":\"user\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return password;
    }

    private ApiClient login(String name, String password) {
        ApiClient browser = anonymous();
        assertThat(loginAnswer(browser, name, password).status()).isEqualTo(200);
        return browser;
    }

    private static ApiClient.Response loginAnswer(ApiClient client, String name, String password) {
        return client.postJson(
                "/api/v1/auth/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}");
    }

    private static ApiClient.Response changePassword(ApiClient client, String current, String next) {
        return client.postJson(
                "/api/v1/auth/password", "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}");
    }

    /** A tiny GGUF the user uploads (no server path involved); answers the model's id once it is ready. */
    private static String readyUploadedModel(ApiClient owner, String name) throws Exception {
        Path file = Files.createTempFile("hangar-upload", ".gguf");
        TinyModel.ofSize("100k", 3).writeGguf(file, GgmlType.F16);
        var created = owner.postJson("/api/v1/models", "{\"name\":\"" + name + "\",\"source\":{\"type\":\"upload\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        var put = owner.send(owner.request("/api/v1/models/" + id + "/files/model.gguf?offset=0")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(owner.postJson("/api/v1/models/" + id + "/upload/complete", "")
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> owner.get("/api/v1/models/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        "ready"::equals);
        Files.delete(file);
        return id;
    }
}
