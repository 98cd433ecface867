package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.core.Visibility;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Both kinds of endpoint show as one flat object, each with its own fields, as the API has always shown them. */
class EndpointJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aModelEndpointShowsItsModelRuntimeAndConfigurationButNoUpstream() {
        Endpoint endpoint = endpoint(new Endpoint.ModelSpec(
                "tiny", "mdl_1", "llama.cpp", Map.of("ctx-size", 512), Map.of("A", "b"), "cpu-small"));

        JsonNode shown = JSON.valueToTree(endpoint);

        assertThat(names(shown))
                .containsExactly(
                        "id",
                        "name",
                        "owner",
                        "description",
                        "visibility",
                        "model",
                        "modelId",
                        "runtime",
                        "engineArgs",
                        "env",
                        "cluster",
                        "resource",
                        "minReplicas",
                        "maxReplicas",
                        "replicas",
                        "readyReplicas",
                        "state",
                        "stateReason",
                        "actions",
                        "createdAt",
                        "updatedAt");
        assertThat(shown.get("engineArgs").get("ctx-size").asInt()).isEqualTo(512);
        assertThat(names(JSON.valueToTree(endpoint.asSeenByOthers())))
                .as("others see neither engine arguments nor env values")
                .doesNotContain("engineArgs", "env", "stateReason")
                .contains("model", "runtime", "resource");
    }

    @Test
    void aRouterShowsItsUpstreamAndPricesAndNoModel() {
        Endpoint endpoint = endpoint(new Endpoint.RouterSpec(
                new Upstream("https://api.example.com/v1", "gpt-small", true),
                new TokenPricing(new BigDecimal("2.5"), BigDecimal.TEN)));

        JsonNode shown = JSON.valueToTree(endpoint);

        assertThat(names(shown))
                .containsExactly(
                        "id",
                        "name",
                        "owner",
                        "description",
                        "visibility",
                        "runtime",
                        "engineArgs",
                        "env",
                        "cluster",
                        "upstream",
                        "pricing",
                        "minReplicas",
                        "maxReplicas",
                        "replicas",
                        "readyReplicas",
                        "state",
                        "stateReason",
                        "actions",
                        "createdAt",
                        "updatedAt");
        assertThat(shown.get("runtime").asString()).isEqualTo("openai-compatible");
        assertThat(shown.get("engineArgs").isEmpty()).isTrue();
        assertThat(shown.get("upstream").get("model").asString()).isEqualTo("gpt-small");
        JsonNode seenByOthers = JSON.valueToTree(endpoint.asSeenByOthers());
        assertThat(names(seenByOthers))
                .as("others see its prices, not where it forwards")
                .doesNotContain("upstream", "engineArgs", "env")
                .contains("pricing", "runtime");
    }

    private static Endpoint endpoint(Endpoint.Spec spec) {
        return new Endpoint(
                "ep_1",
                "chat",
                "alice",
                "",
                Visibility.PUBLIC,
                spec,
                "local",
                1,
                1,
                1,
                0,
                EndpointState.DEPLOYING,
                "deploying",
                null,
                null,
                null,
                Set.of(EndpointAction.STOP),
                Instant.EPOCH,
                Instant.EPOCH);
    }

    private static List<String> names(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }
}
