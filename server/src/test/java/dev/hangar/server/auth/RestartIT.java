package dev.hangar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.home.StartupProblem;
import dev.hangar.server.support.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart of the control plane, and how the first admin's credentials are kept. */
class RestartIT {

    @TempDir
    Path home;

    @Test
    void restartKeepsUsersKeysAndTheAdminCredentials() {
        String adminKey;
        String adminPassword;
        String userKey;
        try (RunningServer first = RunningServer.start(home)) {
            adminKey = first.read("admin-api-key");
            adminPassword = first.read("admin-password");
            userKey = first.admin()
                    .postJson("/api/v1/api-keys", "{\"name\":\"ci\"}")
                    .json()
                    .get("key")
                    .asString();
        }

        try (RunningServer second = RunningServer.start(home)) {
            assertThat(second.read("admin-api-key")).isEqualTo(adminKey);
            assertThat(second.read("admin-password")).isEqualTo(adminPassword);
            assertThat(second.client(adminKey).get("/api/v1/auth/me").status()).isEqualTo(200);
            assertThat(second.client(userKey).get("/api/v1/auth/me").status()).isEqualTo(200);
            var login = second.client(null)
                    .postJson("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" + adminPassword + "\"}");
            assertThat(login.status()).isEqualTo(200);
            assertThat(second.admin().get("/api/v1/users").json().get("total").asLong())
                    .isEqualTo(1);
        }
    }

    @Test
    void revokedAdminKeyIsNotRestoredAndADeletedKeyFileIsReplaced() throws Exception {
        try (RunningServer first = RunningServer.start(home)) {
            String spareKey = first.admin()
                    .postJson("/api/v1/api-keys", "{\"name\":\"spare\"}")
                    .json()
                    .get("key")
                    .asString();
            String bootstrapId = first.admin()
                    .get("/api/v1/api-keys")
                    .json()
                    .get("items")
                    .valueStream()
                    .filter(k -> k.get("name").asString().startsWith("admin bootstrap key"))
                    .findFirst()
                    .orElseThrow()
                    .get("id")
                    .asString();
            assertThat(first.client(spareKey)
                            .delete("/api/v1/api-keys/" + bootstrapId)
                            .status())
                    .isEqualTo(204);
        }

        try (RunningServer second = RunningServer.start(home)) {
            assertThat(second.admin().get("/api/v1/auth/me").status())
                    .as("revoked key stays revoked")
                    .isEqualTo(401);
        }

        Files.delete(home.resolve("admin-api-key"));
        try (RunningServer third = RunningServer.start(home)) {
            assertThat(third.admin().get("/api/v1/auth/me").status())
                    .as("a new key in the file")
                    .isEqualTo(200);
        }
    }

    @Test
    void adminCredentialsFromTheEnvironmentAreUsedAndNotWrittenToDisk() {
        String envKey = "env-admin-key-0123456789abcdef";
        try (RunningServer server = RunningServer.start(
                home, Map.of("hangar.admin.api-key", envKey, "hangar.admin.password", "env-password-123"))) {
            assertThat(home.resolve("admin-api-key")).doesNotExist();
            assertThat(home.resolve("admin-password")).doesNotExist();
            assertThat(server.client(envKey)
                            .get("/api/v1/auth/me")
                            .json()
                            .get("username")
                            .asString())
                    .isEqualTo("admin");
            assertThat(server.client(null)
                            .postJson(
                                    "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"env-password-123\"}")
                            .status())
                    .isEqualTo(200);
        }

        String rotatedKey = "env-admin-key-rotated-0123456789";
        try (RunningServer server = RunningServer.start(
                home, Map.of("hangar.admin.api-key", rotatedKey, "hangar.admin.password", "env-password-456"))) {
            assertThat(server.client(rotatedKey).get("/api/v1/auth/me").status())
                    .isEqualTo(200);
            assertThat(server.client(envKey).get("/api/v1/auth/me").status())
                    .as("the replaced env key")
                    .isEqualTo(401);
            assertThat(server.client(null)
                            .postJson(
                                    "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"env-password-123\"}")
                            .status())
                    .as("the old env password")
                    .isEqualTo(401);
        }
    }

    @Test
    void tooShortAdminKeyFromTheEnvironmentStopsTheStartWithTheReason() {
        assertThatThrownBy(() -> RunningServer.start(home, Map.of("hangar.admin.api-key", "short")))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("HANGAR_ADMIN_API_KEY must be at least 24 characters");
    }
}
