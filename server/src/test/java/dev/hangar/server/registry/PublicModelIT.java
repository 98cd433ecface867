package dev.hangar.server.registry;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.TestModels;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Public models among users: others see no server paths, cannot take a public model's name, and
 * cannot keep its owner from withdrawing it (their endpoints stop, saying why).
 */
class PublicModelIT extends ServerTest {

    private static final Duration QUICK = Duration.ofSeconds(30);

    private String publicModel(ApiClient owner, String name) {
        String id = Deployments.readyModel(owner, name, TestModels.safetensors(SOURCES.resolve(name + ".safetensors")));
        assertThat(owner.patchJson("/api/v1/models/" + id, "{\"visibility\":\"public\"}")
                        .status())
                .isEqualTo(200);
        return id;
    }

    private static String upload(ApiClient client, String name, String visibility) {
        var created = client.postJson(
                "/api/v1/models",
                "{\"name\":\"" + name + "\",\"visibility\":\"" + visibility + "\",\"source\":{\"type\":\"upload\"}}");
        return created.status() == 201 ? created.json().get("id").asString() : created.toString();
    }

    @Test
    void anotherUserCannotSeeAPublicModelsPath() {
        ApiClient admin = admin();
        String name = unique("shared");
        String id = publicModel(admin, name);
        ApiClient other = userWithKey(unique("reader"));

        JsonNode seen = other.get("/api/v1/models/" + id).json();
        assertThat(seen.get("name").asString()).isEqualTo(name);
        assertThat(seen.get("source").get("type").asString()).isEqualTo("local");
        assertThat(seen.get("source").has("path")).isFalse();
        assertThat(other.get("/api/v1/models?q=" + name).body()).contains(name).doesNotContain(SOURCES.toString());
        assertProblem(other.get("/api/v1/models/" + id + "/events"), 403, "forbidden");
        assertThat(admin.get("/api/v1/models/" + id)
                        .json()
                        .get("source")
                        .get("path")
                        .asString())
                .startsWith(SOURCES.toString());
        assertThat(admin.delete("/api/v1/models/" + id).status()).isEqualTo(204);
    }

    @Test
    void aUserCannotSquatAPublicModelsName() {
        ApiClient admin = admin();
        String name = unique("famous-model");
        String id = publicModel(admin, name);
        ApiClient other = userWithKey(unique("squatter"));

        var squat = other.postJson("/api/v1/models", "{\"name\":\"" + name + "\",\"source\":{\"type\":\"upload\"}}");
        assertProblem(squat, 409, "conflict");
        assertThat(squat.json().get("detail").asString()).contains(name, "public model");

        String later = unique("later-model");
        String mine = upload(other, later, "private");
        String theirs = upload(admin, later, "public");
        assertProblem(other.patchJson("/api/v1/models/" + mine, "{\"visibility\":\"public\"}"), 409, "conflict");
        assertThat(other.get("/api/v1/models/" + mine).json().get("visibility").asString())
                .isEqualTo("private");
        for (String model : new String[] {id, theirs}) {
            assertThat(admin.delete("/api/v1/models/" + model).status()).isEqualTo(204);
        }
        assertThat(other.delete("/api/v1/models/" + mine).status()).isEqualTo(204);
    }

    @Test
    void anOwnerCanWithdrawAPublicModelInUse() {
        ApiClient admin = admin();
        String modelName = unique("withdrawn");
        String model = publicModel(admin, modelName);
        ApiClient other = userWithKey(unique("dependent"));
        var created = other.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("on-shared") + "\",\"model\":\"" + model + "\",\"runtime\":\"sglang\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String endpoint = created.json().get("id").asString();
        Deployments.awaitState(other, endpoint, QUICK, "BuildingFailed");

        assertThat(admin.patchJson("/api/v1/models/" + model, "{\"visibility\":\"private\"}")
                        .status())
                .isEqualTo(200);
        JsonNode stopped = Deployments.awaitState(other, endpoint, QUICK, "Stopped");
        assertThat(stopped.get("stateReason").asString()).contains("model '" + modelName + "' was made private");
        assertThat(other.get("/api/v1/endpoints/" + endpoint + "/events").body())
                .contains("was made private");
        var start = other.postJson("/api/v1/endpoints/" + endpoint + "/start", "");
        assertProblem(start, 409, "conflict");
        assertThat(start.json().get("detail").asString()).contains("made private");

        assertThat(admin.delete("/api/v1/models/" + model).status())
                .as("another user's endpoint does not pin the model")
                .isEqualTo(204);
        JsonNode orphan = other.get("/api/v1/endpoints/" + endpoint).json();
        assertThat(orphan.get("state").asString()).isEqualTo("Stopped");
        assertThat(orphan.has("modelId")).isFalse();
        var again = other.postJson("/api/v1/endpoints/" + endpoint + "/start", "");
        assertProblem(again, 409, "conflict");
        assertThat(again.json().get("detail").asString()).contains("deleted");
        assertThat(other.delete("/api/v1/endpoints/" + endpoint).status()).isEqualTo(204);
    }

    @Test
    void anOwnersOwnEndpointStillKeepsTheModel() {
        ApiClient admin = admin();
        String model = publicModel(admin, unique("kept"));
        var created = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("own") + "\",\"model\":\"" + model + "\",\"runtime\":\"sglang\"}");
        String endpoint = created.json().get("id").asString();
        assertProblem(admin.delete("/api/v1/models/" + model), 409, "conflict");
        assertThat(admin.delete("/api/v1/endpoints/" + endpoint).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/models/" + model).status()).isEqualTo(204);
    }
}
