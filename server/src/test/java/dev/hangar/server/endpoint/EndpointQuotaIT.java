package dev.hangar.server.endpoint;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.TestModels;
import org.junit.jupiter.api.Test;

/**
 * A user's endpoints and replicas stay within what an admin allowed them. The endpoints ask for a
 * runtime that is not installed, so they fail their build at once and start no process.
 */
class EndpointQuotaIT extends ServerTest {

    @Test
    void aUserCannotExceedMaxEndpoints() {
        String name = unique("sprawl");
        ApiClient user = loggedInUser(name);
        limit(name, "{\"maxEndpoints\":1}");
        String model = safetensorsModel(user);
        String gpu = gpuResource();

        var first = create(user, model, gpu, unique("one"), 1);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        var second = create(user, model, gpu, unique("two"), 1);

        assertProblem(second, 409, "limit-reached");
        assertThat(second.json().get("detail").asString()).contains("1 endpoint");
        assertThat(user.delete("/api/v1/endpoints/" + first.json().get("id").asString())
                        .status())
                .isEqualTo(204);
        assertThat(create(user, model, gpu, unique("three"), 1).status()).isEqualTo(201);
    }

    @Test
    void aUserCannotExceedMaxReplicas() {
        String name = unique("swarm");
        ApiClient user = loggedInUser(name);
        limit(name, "{\"maxReplicas\":3}");
        String model = safetensorsModel(user);
        String gpu = gpuResource();

        var two = create(user, model, gpu, unique("two"), 2);
        assertThat(two.status()).as(two.toString()).isEqualTo(201);
        var tooMany = create(user, model, gpu, unique("more"), 2);
        var one = create(user, model, gpu, unique("one"), 1);
        assertThat(one.status()).as(one.toString()).isEqualTo(201);
        var widened = user.patchJson("/api/v1/endpoints/" + one.json().get("id").asString(), "{\"maxReplicas\":2}");

        assertProblem(tooMany, 409, "limit-reached");
        assertThat(tooMany.json().get("detail").asString()).contains("3 replica");
        assertProblem(widened, 409, "limit-reached");
    }

    private void limit(String username, String limits) {
        var set = admin().patchJson("/api/v1/users/" + username, "{\"limits\":" + limits + "}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    private static ApiClient.Response create(ApiClient user, String model, String gpu, String name, int maxReplicas) {
        return user.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"runtime\":\"vllm\",\"resource\":\"" + gpu
                        + "\",\"maxReplicas\":" + maxReplicas + ",\"engineArgs\":{\"max-model-len\":2048}}");
    }

    private static String safetensorsModel(ApiClient user) {
        String name = unique("st");
        return Deployments.readyModel(user, name, TestModels.safetensors(SOURCES.resolve(name + ".safetensors")));
    }

    private String gpuResource() {
        String name = unique("gpu");
        var created = admin().postJson(
                        "/api/v1/clusters/local/resources",
                        "{\"name\":\"" + name + "\",\"cpus\":4,\"memoryBytes\":17179869184,\"gpuType\":\"NVIDIA L4\","
                                + "\"gpuCount\":1,\"pricePerHour\":0.8,\"operations\":[\"deploy\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return name;
    }
}
