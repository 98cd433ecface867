package dev.hangar.server.resource;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The local cluster made on first start, its seeded resources, and admins editing them. */
class ClustersIT extends ServerTest {

    private ApiClient.Response put(ApiClient client, String path, String json) {
        return client.send(client.request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void localClusterDescribesThisMachineAndHasResourcesSizedFromIt() {
        JsonNode clusters =
                anonymous().withKey(adminKey()).get("/api/v1/clusters").json();

        assertThat(clusters.valueStream().map(c -> c.get("name").asString())).contains("local");
        JsonNode local = admin().get("/api/v1/clusters/local").json();
        assertThat(local.get("kind").asString()).isEqualTo("local");
        assertThat(local.at("/machine/cpus").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(local.at("/machine/diskFreeBytes").asLong()).isPositive();
        JsonNode resources = admin().get("/api/v1/clusters/local/resources").json();
        assertThat(resources.valueStream().map(r -> r.get("name").asString()))
                .contains("cpu-small", "cpu-whole-machine");
        for (JsonNode resource : resources) {
            assertThat(resource.get("cpus").asInt())
                    .isBetween(1, Runtime.getRuntime().availableProcessors());
            assertThat(resource.get("memoryBytes").asLong())
                    .isLessThanOrEqualTo(local.at("/machine/memoryBytes").asLong());
        }
    }

    @Test
    void adminAddsEditsAndRemovesAResourceAndTheOperationFilterApplies() {
        String name = unique("eval-only").toLowerCase();
        String body = "{\"name\":\"" + name + "\",\"cpus\":1,\"memoryBytes\":1073741824,\"gpuCount\":0,"
                + "\"pricePerHour\":0.05,\"operations\":[\"evaluate\"]}";

        var created = admin().postJson("/api/v1/clusters/local/resources", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("pricePerHour").decimalValue()).isEqualByComparingTo("0.05");

        assertThat(admin().get("/api/v1/clusters/local/resources?operation=evaluate")
                        .body())
                .contains(name);
        assertThat(admin().get("/api/v1/clusters/local/resources?operation=deploy")
                        .body())
                .doesNotContain(name);
        assertProblem(admin().postJson("/api/v1/clusters/local/resources", body), 409, "conflict");

        var changed = put(admin(), "/api/v1/clusters/local/resources/" + name, body.replace("0.05", "0.07"));
        assertThat(changed.json().get("pricePerHour").decimalValue()).isEqualByComparingTo("0.07");

        assertThat(admin().delete("/api/v1/clusters/local/resources/" + name).status())
                .isEqualTo(204);
        assertProblem(admin().get("/api/v1/clusters/local/resources/" + name), 404, "not-found");
    }

    @Test
    void usersReadResourcesButOnlyAdminsChangeThem() {
        ApiClient user = userWithKey(unique("reader"));

        assertThat(user.get("/api/v1/clusters/local/resources").status()).isEqualTo(200);
        assertProblem(
                user.postJson(
                        "/api/v1/clusters/local/resources",
                        "{\"name\":\"x\",\"cpus\":1,\"memoryBytes\":1,"
                                + "\"gpuCount\":0,\"pricePerHour\":0,\"operations\":[\"deploy\"]}"),
                403,
                "forbidden");
    }

    @Test
    void badResourcesAndUnknownNamesAreClearErrors() {
        assertProblem(
                admin().postJson(
                                "/api/v1/clusters/local/resources",
                                "{\"name\":\"g\",\"cpus\":1,\"memoryBytes\":1,"
                                        + "\"gpuCount\":2,\"pricePerHour\":1,\"operations\":[\"deploy\"]}"),
                400,
                "validation");
        assertProblem(
                admin().postJson(
                                "/api/v1/clusters/local/resources",
                                "{\"name\":\"z\",\"cpus\":0,\"memoryBytes\":1,"
                                        + "\"gpuCount\":0,\"pricePerHour\":-1,\"operations\":[]}"),
                400,
                "validation");
        assertProblem(admin().get("/api/v1/clusters/local/resources?operation=train"), 400, "validation");
        assertProblem(admin().get("/api/v1/clusters/mars/resources"), 404, "not-found");
    }
}
