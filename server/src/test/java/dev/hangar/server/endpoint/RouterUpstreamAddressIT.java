package dev.hangar.server.endpoint;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.StandInProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A hostile user's router endpoint pointed inward (SSRF): at another tenant's replica on loopback,
 * at the cloud's metadata address, at a private network, first directly and then by changing the
 * upstream of an endpoint that passed; and a provider's answer is never repeated into the
 * endpoint's reasons and events. Tests allow routers to reach {@code localhost} by name only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterUpstreamAddressIT extends ServerTest {

    private static final Duration DEPLOY = Duration.ofSeconds(30);
    private static final String PROVIDER_KEY = "sk-provider-" + "51d0e2aa";
    private static final String PROVIDER_MODEL = "gpt-test-mini";

    @Autowired
    private HangarProperties properties;

    @Autowired
    private JdbcClient jdbc;

    private StandInProvider provider;
    private ApiClient tenant;

    @BeforeAll
    void startTheProvider() throws IOException {
        provider = new StandInProvider(PROVIDER_KEY, List.of("internal-model-of-someone-else", PROVIDER_MODEL));
        tenant = userWithKey(unique("hostile"));
    }

    @AfterAll
    void stopTheProvider() {
        provider.close();
    }

    private static String router(String name, String baseUrl, String model, String key) {
        return "{\"name\":\"" + name + "\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\"" + baseUrl
                + "\",\"model\":\"" + model + "\",\"apiKey\":\"" + key + "\"}}";
    }

    private ApiClient.Response createRouter(String baseUrl) {
        return tenant.postJson("/api/v1/endpoints", router(unique("ssrf"), baseUrl, "any", "sk-x"));
    }

    private static void assertRefusedUpstream(ApiClient.Response answer, String says) {
        assertProblem(answer, 400, "validation");
        assertThat(answer.body())
                .contains("\"upstream.baseUrl\"")
                .contains(says)
                .contains("HANGAR_ROUTER_ALLOWED_HOSTS");
    }

    @Test
    void aRouterCannotReachAnotherTenantsReplica() {
        int replicaPort = properties.replicas().portFrom();
        assertRefusedUpstream(
                createRouter("http://127.0.0.1:" + replicaPort + "/v1"), "127.0.0.1 is a loopback address");
        assertRefusedUpstream(createRouter("http://[::1]:" + replicaPort + "/v1"), "a loopback address");
        assertRefusedUpstream(createRouter("http://[::ffff:127.0.0.1]:" + replicaPort + "/v1"), "a loopback address");
        assertRefusedUpstream(createRouter("http://0.0.0.0:" + replicaPort + "/v1"), "an unspecified address");
        assertThat(tenant.get("/api/v1/endpoints").body()).doesNotContain("ssrf-");
    }

    @Test
    void aRouterCannotReachTheMetadataAddress() {
        assertRefusedUpstream(createRouter("http://169.254.169.254/latest"), "a link-local address");
        assertRefusedUpstream(createRouter("http://[fd00:ec2::254]/latest"), "a unique-local (private) address");
        assertRefusedUpstream(createRouter("http://10.1.2.3/v1"), "a private address");
        assertRefusedUpstream(createRouter("http://100.100.100.200/v1"), "carrier-grade NAT");
    }

    @Test
    void patchingAnUpstreamIsReverified() {
        String name = unique("router-moved");
        var created =
                tenant.postJson("/api/v1/endpoints", router(name, provider.baseUrl(), PROVIDER_MODEL, PROVIDER_KEY));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Deployments.awaitState(tenant, id, DEPLOY, "Running");

        String inward = "http://127.0.0.1:" + properties.replicas().portFrom() + "/v1";
        var moved = tenant.patchJson("/api/v1/endpoints/" + id, "{\"upstream\":{\"baseUrl\":\"" + inward + "\"}}");
        assertRefusedUpstream(moved, "a loopback address");
        JsonNode after = tenant.get("/api/v1/endpoints/" + id).json();
        assertThat(after.get("upstream").get("baseUrl").asString()).isEqualTo(provider.baseUrl());
        assertThat(tenant.get("/api/v1/endpoints/" + id + "/events").body()).doesNotContain("127.0.0.1");
        assertThat(tenant.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    @Test
    void anUpstreamStoredBeforeTheCheckIsRefusedWhenConnecting() {
        String name = unique("router-stored");
        var created =
                tenant.postJson("/api/v1/endpoints", router(name, provider.baseUrl(), PROVIDER_MODEL, PROVIDER_KEY));
        String id = created.json().get("id").asString();
        Deployments.awaitState(tenant, id, DEPLOY, "Running");
        String inward = provider.baseUrl().replace("localhost", "127.0.0.1");
        jdbc.sql("update endpoint_upstreams set base_url = ? where endpoint_id = ?")
                .params(inward, id)
                .update();
        long checksBefore = modelListings();

        assertThat(tenant.postJson("/api/v1/endpoints/" + id + "/restart", "").status())
                .isEqualTo(202);
        JsonNode failed = Deployments.awaitState(tenant, id, DEPLOY, "DeployFailed");
        assertThat(failed.get("stateReason").asString()).contains("127.0.0.1 is a loopback address");
        assertThat(modelListings())
                .as("nothing reached the provider by its address")
                .isEqualTo(checksBefore);
        assertThat(tenant.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
    }

    private long modelListings() {
        return provider.received().stream()
                .filter(r -> r.method().equals("GET"))
                .count();
    }

    @Test
    void aProvidersBodyIsNotEchoed() {
        String badKey = tenant.postJson(
                        "/api/v1/endpoints",
                        router(unique("router-badkey"), provider.baseUrl(), PROVIDER_MODEL, "sk-bad"))
                .json()
                .get("id")
                .asString();
        JsonNode refused = Deployments.awaitState(tenant, badKey, DEPLOY, "DeployFailed");
        assertThat(refused.get("stateReason").asString())
                .contains("refused the API key (401)")
                .doesNotContain("Incorrect API key provided");

        String unknown = tenant.postJson(
                        "/api/v1/endpoints",
                        router(unique("router-unknown"), provider.baseUrl(), "gpt-nonexistent", PROVIDER_KEY))
                .json()
                .get("id")
                .asString();
        JsonNode failed = Deployments.awaitState(tenant, unknown, DEPLOY, "DeployFailed");
        assertThat(failed.get("stateReason").asString())
                .contains("does not serve model 'gpt-nonexistent'")
                .doesNotContain("internal-model-of-someone-else");
        for (String id : List.of(badKey, unknown)) {
            assertThat(tenant.get("/api/v1/endpoints/" + id + "/events").body())
                    .doesNotContain("Incorrect API key provided")
                    .doesNotContain("internal-model-of-someone-else");
            assertThat(tenant.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
        }
    }
}
