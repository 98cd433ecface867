package dev.hangar.server.endpoint;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The memory estimate the new-endpoint wizard shows beside each resource, before anything is deployed. */
class MemoryEstimateIT extends ServerTest {

    @Test
    void estimateAddsWeightsKvCacheAndOverheadAndShrinksWithTheContext() {
        ApiClient admin = admin();
        String model = unique("estimate");
        String id = Deployments.readyTinyGguf(admin, SOURCES, model);
        long size = admin.get("/api/v1/models/" + id).json().get("sizeBytes").asLong();

        JsonNode large = estimate(admin, "{\"model\":\"" + model + "\",\"engineArgs\":{\"ctx-size\":4096}}");
        JsonNode small = estimate(
                admin, "{\"model\":\"" + model + "\",\"runtime\":\"llama.cpp\",\"engineArgs\":{\"ctx-size\":256}}");

        assertThat(large.get("weightsBytes").asLong()).isEqualTo(size);
        assertThat(large.get("totalBytes").asLong())
                .isEqualTo(large.get("weightsBytes").asLong()
                        + large.get("kvCacheBytes").asLong()
                        + large.get("overheadBytes").asLong());
        assertThat(large.get("kvCacheBasis").asString()).startsWith("ctx 4096");
        assertThat(large.get("gpuMemory").asBoolean()).isFalse();
        assertThat(large.get("description").asString()).contains("weights ", "KV cache ", "overhead ");
        assertThat(small.get("kvCacheBytes").asLong())
                .isLessThan(large.get("kvCacheBytes").asLong());
        assertThat(admin.get("/api/v1/endpoints?model=" + id)
                        .json()
                        .get("total")
                        .asInt())
                .isZero();
    }

    @Test
    void badArgumentsAndUnknownModelsAreRefusedLikeADeployment() {
        ApiClient admin = admin();
        String model = unique("estimate-bad");
        Deployments.readyTinyGguf(admin, SOURCES, model);

        var badArg = admin.postJson(
                "/api/v1/endpoints/memory-estimate", "{\"model\":\"" + model + "\",\"engineArgs\":{\"ctx-size\":0}}");
        assertProblem(badArg, 400, "validation");
        assertThat(badArg.json().at("/errors/0/field").asString()).isEqualTo("engineArgs.ctx-size");

        assertProblem(
                admin.postJson("/api/v1/endpoints/memory-estimate", "{\"model\":\"" + unique("missing") + "\"}"),
                404,
                "not-found");
    }

    private static JsonNode estimate(ApiClient admin, String body) {
        var answer = admin.postJson("/api/v1/endpoints/memory-estimate", body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }
}
