package dev.hangar.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.KeyLimits;
import dev.hangar.server.auth.Role;
import dev.hangar.server.auth.UserLimits;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.support.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admins register from the admin roots, users from the roots granted to users; HANGAR_HOME (even
 * inside a root, as ~/.hangar inside ~) and hidden files never.
 */
class LocalPathPolicyTest {

    private static final AuthenticatedUser ADMIN =
            new AuthenticatedUser("usr_a", "admin", Role.ADMIN, Optional.empty(), KeyLimits.NONE, UserLimits.NONE);
    private static final AuthenticatedUser USER =
            new AuthenticatedUser("usr_u", "user", Role.USER, Optional.empty(), KeyLimits.NONE, UserLimits.NONE);

    @TempDir
    Path root;

    private LocalPathPolicy policy(Path home, List<Path> userRoots) {
        HangarProperties properties = Settings.hangar(Map.of(
                "hangar.home", home.toString(),
                "hangar.registry.model-roots", root.toString(),
                "hangar.registry.user-model-roots",
                        String.join(",", userRoots.stream().map(Path::toString).toList())));
        return new LocalPathPolicy(properties, new HangarHome(properties));
    }

    private LocalPathPolicy policy(Path home) {
        return policy(home, List.of());
    }

    private static void assertForbidden(Runnable resolve) {
        assertThatThrownBy(resolve::run)
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
    }

    @Test
    void secretFilesAndTheDatabaseOfHangarHomeAreNeverImportable() throws Exception {
        Path home = root.resolve(".hangar");
        LocalPathPolicy policy = policy(home);
        Files.writeString(home.resolve("admin-api-key"), "hgr_secret");

        assertForbidden(
                () -> policy.resolve(ADMIN, home.resolve("admin-api-key").toString()));
        assertForbidden(() -> policy.resolve(ADMIN, home.resolve("db").toString()));
        assertForbidden(() -> policy.resolve(ADMIN, home.toString()));
    }

    @Test
    void theModelStoreIsNeverRegisteredInPlaceTheRestOfTheRootIs() throws Exception {
        Path home = root.resolve("hangar-home");
        LocalPathPolicy policy = policy(home);
        Path uploaded = Files.createDirectories(home.resolve("models").resolve("mdl_1"));
        Path elsewhere = Files.writeString(root.resolve("model.gguf"), "x");

        assertForbidden(() -> policy.resolve(ADMIN, uploaded.toString()));
        assertForbidden(() -> policy.resolveRegistered(uploaded.toString()));
        assertThat(policy.resolve(ADMIN, elsewhere.toString())).isEqualTo(elsewhere.toRealPath());
    }

    @Test
    void aUserMayOnlyUseTheRootsGrantedToUsers() throws Exception {
        Path shared = Files.createDirectories(root.resolve("shared"));
        LocalPathPolicy policy = policy(root.resolve("hangar-home"), List.of(shared));
        Path adminOnly = Files.writeString(root.resolve("model.gguf"), "x");
        Path granted = Files.writeString(shared.resolve("model.gguf"), "x");

        assertForbidden(() -> policy.resolve(USER, adminOnly.toString()));
        assertThat(policy.resolve(USER, granted.toString())).isEqualTo(granted.toRealPath());
        assertThat(policy.resolve(ADMIN, adminOnly.toString())).isEqualTo(adminOnly.toRealPath());
    }

    @Test
    void nothingOutsideTheRootsIsRegistrableNorDoesItsExistenceShow() {
        LocalPathPolicy policy = policy(root.resolve("hangar-home"));

        assertForbidden(() -> policy.resolve(ADMIN, "/etc/passwd"));
        assertForbidden(() -> policy.resolve(ADMIN, "/etc/no-such-file"));
        assertForbidden(() -> policy.resolve(USER, root.toString()));
    }

    @Test
    void aPathOutsideTheRootsIsRefusedNamingTheRootsTheCallerMayUse() throws Exception {
        Path shared = Files.createDirectories(root.resolve("shared"));
        LocalPathPolicy granting = policy(root.resolve("hangar-home"), List.of(shared));
        LocalPathPolicy notGranting = policy(root.resolve("hangar-home"));

        assertThatThrownBy(() -> granting.resolve(ADMIN, "/etc/passwd"))
                .hasMessageContaining("HANGAR_MODEL_ROOTS")
                .hasMessageEndingWith(" They are: " + root.toRealPath() + ", " + shared.toRealPath() + ".");
        assertThatThrownBy(() -> granting.resolve(USER, "/etc/passwd"))
                .hasMessageEndingWith(" They are: " + shared.toRealPath() + ".");
        assertThatThrownBy(() -> notGranting.resolve(USER, "/etc/passwd"))
                .hasMessageContaining("HANGAR_USER_MODEL_ROOTS")
                .hasMessageEndingWith(" There are none yet.");
    }

    @Test
    void hiddenFilesAreRefusedAndLeftOutOfDirectories() throws Exception {
        LocalPathPolicy policy = policy(root.resolve("hangar-home"));
        Path dir = Files.createDirectories(root.resolve("model"));
        Path weights = Files.writeString(dir.resolve("model.gguf"), "x");
        Path env = Files.writeString(dir.resolve(".env"), "TOKEN=secret");
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git").resolve("config"), "secret");

        assertForbidden(() -> policy.resolve(ADMIN, env.toString()));
        assertForbidden(() ->
                policy.resolve(ADMIN, dir.resolve(".git").resolve("config").toString()));
        assertThat(policy.files(policy.resolve(ADMIN, dir.toString()))).containsExactly(weights);
    }

    @Test
    void aDirectoryWithALinkIntoHangarHomeIsRefused() throws Exception {
        Path home = root.resolve(".hangar");
        LocalPathPolicy policy = policy(home);
        Path dir = Files.createDirectories(root.resolve("innocent"));
        Files.writeString(home.resolve("secret-key"), "s");
        Files.createSymbolicLink(dir.resolve("weights.safetensors"), home.resolve("secret-key"));

        assertThatThrownBy(() -> policy.files(policy.resolve(ADMIN, dir.toString())))
                .hasMessageContaining("outside the allowed roots");
    }

    @Test
    void aLinkFromAUserRootIntoTheRestOfAnAdminRootIsRefused() throws Exception {
        Path shared = Files.createDirectories(root.resolve("shared"));
        LocalPathPolicy policy = policy(root.resolve("hangar-home"), List.of(shared));
        Path dir = Files.createDirectories(shared.resolve("innocent"));
        Path adminOnly = Files.writeString(root.resolve("private.safetensors"), "x");
        Files.createSymbolicLink(dir.resolve("weights.safetensors"), adminOnly);

        assertThatThrownBy(() -> policy.files(policy.resolve(USER, dir.toString())))
                .hasMessageContaining("outside the allowed roots");
    }
}
