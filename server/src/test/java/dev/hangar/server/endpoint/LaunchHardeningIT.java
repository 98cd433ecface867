package dev.hangar.server.endpoint;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a {@code user} may launch on the server (issue 23): no environment variable that makes a
 * replica's loader, JVM, interpreter or shell run code of the user's choosing.
 */
class LaunchHardeningIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);

    @Test
    void aUserCannotInjectJavaToolOptions() {
        ApiClient admin = admin();
        String model = publicTinyModel(admin);
        ApiClient user = userWithKey(unique("tenant"));
        String name = unique("agent");

        var created = user.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + model
                        + "\",\"env\":{\"JAVA_TOOL_OPTIONS\":\"-javaagent:/tmp/evil.jar\"}}");

        assertProblem(created, 400, "validation");
        assertThat(created.json().get("detail").asString()).startsWith("env.JAVA_TOOL_OPTIONS: may not be set");
        assertThat(user.get("/api/v1/endpoints/" + name).status())
                .as("nothing was created, so nothing ran")
                .isEqualTo(404);

        String id = user.postJson(
                        "/api/v1/endpoints",
                        "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"env\":{\"OMP_NUM_THREADS\":\"1\"}}")
                .json()
                .get("id")
                .asString();
        Deployments.awaitState(user, id, DEPLOY, "Running");
        assertThat(user.postJson("/api/v1/endpoints/" + id + "/stop", "").status())
                .isEqualTo(202);
        Deployments.awaitState(user, id, DEPLOY, "Stopped");
        var patched = user.patchJson("/api/v1/endpoints/" + id, "{\"env\":{\"LD_PRELOAD\":\"/tmp/evil.so\"}}");
        assertProblem(patched, 400, "validation");
        assertThat(patched.json().get("detail").asString()).startsWith("env.LD_PRELOAD: may not be set");
        assertThat(user.get("/api/v1/endpoints/" + id).json().get("env").toString())
                .doesNotContain("LD_PRELOAD");
        assertThat(user.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    private String publicTinyModel(ApiClient admin) {
        String name = unique("tiny");
        String id = Deployments.readyTinyGguf(admin, SOURCES, name);
        assertThat(admin.patchJson("/api/v1/models/" + id, "{\"visibility\":\"public\"}")
                        .status())
                .isEqualTo(200);
        return id;
    }
}
