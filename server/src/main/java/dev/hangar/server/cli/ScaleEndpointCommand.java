package dev.hangar.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code hangar endpoints scale}: sets how many replicas an endpoint runs. A count outside the
 * endpoint's min..max widens those bounds to take it, and says so.
 */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Set the number of replicas (the endpoint's min/max bounds are widened to take it).")
final class ScaleEndpointCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Endpoint name or id.")
    String endpoint;

    @Parameters(index = "1", paramLabel = "N", description = "Replicas wanted.")
    int replicas;

    @Override
    public Integer call() {
        ApiConnection api = server.connect();
        JsonNode current = api.get("/api/v1/endpoints/" + endpoint);
        int min = current.get("minReplicas").asInt();
        int max = current.get("maxReplicas").asInt();
        String path = "/api/v1/endpoints/" + current.get("id").asString();
        PrintWriter out = spec.commandLine().getOut();
        JsonNode scaled;
        if (replicas >= min && replicas <= max) {
            scaled = api.post(path + "/scale", Map.of("replicas", replicas));
        } else {
            int newMin = Math.min(min, replicas);
            int newMax = Math.max(max, Math.max(replicas, 1));
            scaled = api.patch(path, Map.of("minReplicas", newMin, "maxReplicas", newMax, "replicas", replicas));
            out.printf("replica bounds widened from %d..%d to %d..%d%n", min, max, newMin, newMax);
        }
        out.printf(
                "%s: %d replica(s) wanted, %d ready now (%s)%n",
                scaled.get("name").asString(),
                scaled.get("replicas").asInt(),
                scaled.get("readyReplicas").asInt(),
                scaled.get("state").asString());
        out.flush();
        return 0;
    }
}
