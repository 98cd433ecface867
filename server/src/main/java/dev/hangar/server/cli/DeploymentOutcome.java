package dev.hangar.server.cli;

import dev.hangar.server.endpoint.EndpointState;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/**
 * The end of a wait for a deployment, as the user needs it: when Running, where each replica
 * answers and a curl line to call it through the gateway; otherwise what failed, the last events, and a non-zero exit.
 */
final class DeploymentOutcome {

    private static final int EVENTS = 10;

    private DeploymentOutcome() {}

    /** Answers 0 when the endpoint is Running; throws a {@link CliFailure} saying why it is not. */
    static int report(ApiConnection api, JsonNode endpoint, PrintWriter out) {
        String name = endpoint.get("name").asString();
        String state = endpoint.get("state").asString();
        if (EndpointState.of(state) != EndpointState.RUNNING) {
            if (EndpointState.of(state).failed()) {
                EndpointText.printEvents(api, name, EVENTS, out);
                out.flush();
            }
            throw new CliFailure(name + " is " + state + ": " + EndpointText.failure(endpoint));
        }
        JsonNode replicas = api.get("/api/v1/endpoints/" + name + "/replicas");
        out.printf(
                "%s is Running: %d/%d replicas ready%n",
                name,
                endpoint.get("readyReplicas").asInt(),
                endpoint.get("replicas").asInt());
        for (JsonNode replica : replicas) {
            if (replica.hasNonNull("address")) {
                out.printf(
                        "  #%d %s%n",
                        replica.get("ordinal").asInt(), replica.get("address").asString());
            }
        }
        out.println("call it through the gateway (any OpenAI client: base_url " + api.baseUrl() + "/v1):");
        ApiConnection.KeyInShell key = api.keyInShell();
        key.before().ifPresent(step -> out.println("  # first: " + step));
        out.printf(
                "  curl %s/v1/chat/completions -H \"Authorization: Bearer %s\" \\%n"
                        + "    -H 'Content-Type: application/json' \\%n"
                        + "    -d '{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                        + "\"max_tokens\":32}'%n",
                api.baseUrl(), key.expression(), name);
        out.println("  # more keys: the console's API keys page, or POST /api/v1/api-keys (docs/security.md)");
        out.flush();
        return 0;
    }
}
