package dev.hangar.server.endpoint;

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
 * What the endpoint API accepts and refuses: compatibility of model, runtime and resource, the
 * actions each state allows, settings that change only while stopped, and models or resources
 * that cannot be deleted while an endpoint uses them. Uses a runtime this machine does not have,
 * so no process is started.
 */
class EndpointRulesIT extends ServerTest {

    private static final Duration QUICK = Duration.ofSeconds(30);

    @Test
    void aRuntimeThatIsNotInstalledFailsTheBuildAndEachStateAllowsOnlyItsActions() {
        ApiClient admin = admin();
        String model = safetensorsModel(admin);
        String gpu = gpuResource(admin);
        String name = unique("vllm");

        var created = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"runtime\":\"vllm\",\"resource\":\"" + gpu
                        + "\",\"engineArgs\":{\"max-model-len\":2048}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        JsonNode failed = Deployments.awaitState(admin, id, QUICK, "BuildingFailed");
        assertThat(failed.get("stateReason").asString()).startsWith("vllm is not installed on cluster local");
        JsonNode validate = failed.get("progress").get("steps").get(0);
        assertThat(validate.get("name").asString()).isEqualTo("validate");
        assertThat(validate.get("status").asString()).isEqualTo("failed");
        assertThat(validate.get("reason").asString()).startsWith("vllm is not installed");
        assertThat(admin.get("/api/v1/endpoints/" + id + "/events").body()).contains("vllm is not installed");

        assertProblem(admin.postJson("/api/v1/endpoints/" + id + "/start", ""), 409, "conflict");
        assertProblem(admin.postJson("/api/v1/endpoints/" + id + "/scale", "{\"replicas\":1}"), 409, "conflict");
        var configure = patch(admin, id, "{\"engineArgs\":{\"max-model-len\":1024}}");
        assertProblem(configure, 409, "conflict");
        assertThat(configure.json().get("detail").asString()).contains("BuildingFailed", "stop");

        assertThat(admin.postJson("/api/v1/endpoints/" + id + "/stop", "").status())
                .isEqualTo(202);
        Deployments.awaitState(admin, id, QUICK, "Stopped");
        assertProblem(admin.postJson("/api/v1/endpoints/" + id + "/stop", ""), 409, "conflict");
        assertProblem(admin.postJson("/api/v1/endpoints/" + id + "/restart", ""), 409, "conflict");
        var changed = patch(admin, id, "{\"engineArgs\":{\"max-model-len\":1024},\"description\":\"smaller\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("engineArgs").get("max-model-len").asInt())
                .isEqualTo(1024);
        assertProblem(patch(admin, id, "{\"engineArgs\":{\"max-model-len\":-5}}"), 400, "validation");

        assertProblem(admin.delete("/api/v1/models/" + model), 409, "conflict");
        assertThat(admin.delete("/api/v1/models/" + model).json().get("detail").asString())
                .contains(name);
        assertProblem(admin.delete("/api/v1/clusters/local/resources/" + gpu), 409, "conflict");

        assertThat(admin.postJson("/api/v1/endpoints/" + id + "/start", "").status())
                .isEqualTo(202);
        Deployments.awaitState(admin, id, QUICK, "BuildingFailed");
        assertThat(admin.postJson("/api/v1/endpoints/" + id + "/restart", "").status())
                .isEqualTo(202);
        Deployments.awaitState(admin, id, QUICK, "BuildingFailed");

        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/models/" + model).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/clusters/local/resources/" + gpu).status())
                .isEqualTo(204);
    }

    @Test
    void incompatibleChoicesAreRefusedNamingWhatWouldFit() {
        ApiClient admin = admin();
        String model = safetensorsModel(admin);

        var wrongFormat = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("x") + "\",\"model\":\"" + model + "\",\"runtime\":\"llama.cpp\"}");
        assertProblem(wrongFormat, 400, "validation");
        assertThat(wrongFormat.json().get("detail").asString()).contains("does not serve safetensors", "vllm");

        var noGpu = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("x") + "\",\"model\":\"" + model + "\",\"runtime\":\"vllm\"}");
        assertProblem(noGpu, 400, "validation");
        assertThat(noGpu.json().get("detail").asString()).contains("vllm", "GPU");

        var badArg = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("x") + "\",\"model\":\"" + model + "\",\"runtime\":\"sglang\","
                        + "\"engineArgs\":{\"no-such-flag\":1}}");
        assertProblem(badArg, 400, "validation");
        assertThat(badArg.json().get("detail").asString()).contains("no-such-flag");

        var badName = admin.postJson("/api/v1/endpoints", "{\"name\":\"Bad Name\",\"model\":\"" + model + "\"}");
        assertProblem(badName, 400, "validation");

        var badReplicas = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("x") + "\",\"model\":\"" + model
                        + "\",\"runtime\":\"sglang\",\"minReplicas\":3,\"maxReplicas\":2}");
        assertProblem(badReplicas, 400, "validation");

        var badEnv = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("x") + "\",\"model\":\"" + model
                        + "\",\"runtime\":\"sglang\",\"env\":{\"HANGAR_HOME\":\"/\"}}");
        assertProblem(badEnv, 400, "validation");

        assertProblem(
                admin.postJson("/api/v1/endpoints", "{\"name\":\"" + unique("x") + "\",\"model\":\"nope\"}"),
                404,
                "not-found");
    }

    @Test
    void privateEndpointsAreInvisibleToOtherUsersAndNamesAreUniquePerOwner() {
        ApiClient admin = admin();
        String model = safetensorsModel(admin);
        String name = unique("private");
        String body = "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"runtime\":\"sglang\"}";
        var created = admin.postJson("/api/v1/endpoints", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        assertProblem(admin.postJson("/api/v1/endpoints", body), 409, "conflict");
        ApiClient other = userWithKey(unique("bob"));
        assertProblem(other.get("/api/v1/endpoints/" + id), 404, "not-found");
        assertProblem(other.postJson("/api/v1/endpoints/" + id + "/stop", ""), 404, "not-found");
        assertThat(other.get("/api/v1/endpoints").body()).doesNotContain(name);
        assertThat(admin.get("/api/v1/endpoints?q=" + name).json().get("items")).hasSize(1);

        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void anEndpointWhoseModelFilesAreGoneIsNoAppFile() throws Exception {
        ApiClient admin = admin();
        String name = unique("vanishing");
        String model = Deployments.readyTinyGguf(admin, SOURCES, name);
        java.nio.file.Files.delete(SOURCES.resolve(name + ".gguf"));

        String id = admin.postJson("/api/v1/endpoints", "{\"name\":\"" + name + "\",\"model\":\"" + model + "\"}")
                .json()
                .get("id")
                .asString();

        JsonNode endpoint = Deployments.awaitState(admin, id, QUICK, "NoAppFile");
        assertThat(endpoint.get("stateReason").asString()).contains("are gone", name + ".gguf");
        assertProblem(admin.postJson("/api/v1/endpoints/" + id + "/restart", ""), 409, "conflict");
        assertThat(admin.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void aDeploymentThatDoesNotFitItsResourceIsRefusedWithTheNumbers() {
        ApiClient admin = admin();
        String model = Deployments.readyTinyGguf(admin, SOURCES, unique("tiny"));
        String small = unique("small");
        assertThat(admin.postJson(
                                "/api/v1/clusters/local/resources",
                                "{\"name\":\"" + small + "\",\"cpus\":1,\"memoryBytes\":67108864,\"gpuCount\":0,"
                                        + "\"pricePerHour\":0,\"operations\":[\"deploy\"]}")
                        .status())
                .isEqualTo(201);

        var refused = admin.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + unique("big") + "\",\"model\":\"" + model + "\",\"resource\":\"" + small + "\"}");

        assertProblem(refused, 422, "insufficient-memory");
        assertThat(refused.json().get("detail").asString())
                .contains("per replica", "resource " + small + " has 64.0 MiB", "weights", "KV cache");
        assertThat(admin.delete("/api/v1/clusters/local/resources/" + small).status())
                .isEqualTo(204);
    }

    private static ApiClient.Response patch(ApiClient client, String id, String json) {
        return client.send(client.request("/api/v1/endpoints/" + id)
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String safetensorsModel(ApiClient admin) {
        String name = unique("st");
        return Deployments.readyModel(admin, name, TestModels.safetensors(SOURCES.resolve(name + ".safetensors")));
    }

    private static String gpuResource(ApiClient admin) {
        String name = unique("gpu");
        var created = admin.postJson(
                "/api/v1/clusters/local/resources",
                "{\"name\":\"" + name + "\",\"cpus\":4,\"memoryBytes\":17179869184,\"gpuType\":\"NVIDIA L4\","
                        + "\"gpuCount\":1,\"pricePerHour\":0.8,\"operations\":[\"deploy\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return name;
    }
}
