package dev.hangar.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HANGAR_HOME inside an allowed root (as with the defaults: ~/.hangar inside ~) keeps its secrets. */
class LocalPathPolicyTest {

    @TempDir
    Path root;

    private LocalPathPolicy policy(Path home) {
        HangarProperties properties = new HangarProperties(
                home,
                null,
                null,
                null,
                new HangarProperties.Registry(List.of(root), 1, java.time.Duration.ofMinutes(5)),
                null,
                null,
                null,
                null,
                null);
        return new LocalPathPolicy(properties, new HangarHome(properties));
    }

    @Test
    void secretFilesAndTheDatabaseOfHangarHomeAreNeverImportable() throws Exception {
        Path home = root.resolve(".hangar");
        LocalPathPolicy policy = policy(home);
        Files.writeString(home.resolve("admin-api-key"), "hgr_secret");

        assertThatThrownBy(() -> policy.resolve(home.resolve("admin-api-key").toString()))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
        assertThatThrownBy(() -> policy.resolve(home.resolve("db").toString())).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> policy.resolve(home.toString())).isInstanceOf(ApiException.class);
    }

    @Test
    void theModelStoreAndTheRestOfTheRootAre() throws Exception {
        Path home = root.resolve(".hangar");
        LocalPathPolicy policy = policy(home);
        Path uploaded = Files.createDirectories(home.resolve("models").resolve("mdl_1"));
        Path elsewhere = Files.writeString(root.resolve("model.gguf"), "x");

        assertThat(policy.resolve(uploaded.toString())).isEqualTo(uploaded.toRealPath());
        assertThat(policy.resolve(elsewhere.toString())).isEqualTo(elsewhere.toRealPath());
    }

    @Test
    void aDirectoryWithALinkIntoHangarHomeIsRefused() throws Exception {
        Path home = root.resolve(".hangar");
        LocalPathPolicy policy = policy(home);
        Path dir = Files.createDirectories(root.resolve("innocent"));
        Files.writeString(home.resolve("secret-key"), "s");
        Files.createSymbolicLink(dir.resolve("weights.safetensors"), home.resolve("secret-key"));

        assertThatThrownBy(() -> policy.files(policy.resolve(dir.toString())))
                .hasMessageContaining("outside the allowed roots");
    }
}
