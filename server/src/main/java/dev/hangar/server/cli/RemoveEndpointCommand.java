package dev.hangar.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hangar endpoints rm}: stops an endpoint's replicas and deletes it, with its events and logs. */
@Command(
        name = "rm",
        mixinStandardHelpOptions = true,
        description = "Stop an endpoint's replicas (they drain first) and delete it with its events and logs.")
final class RemoveEndpointCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Endpoint name or id.")
    String endpoint;

    @Override
    public Integer call() {
        ApiConnection api = server.connect();
        JsonNode doomed = api.get("/api/v1/endpoints/" + endpoint);
        api.delete("/api/v1/endpoints/" + doomed.get("id").asString());
        spec.commandLine()
                .getOut()
                .printf(
                        "deleted endpoint %s (%s, serving %s; it was %s with %d/%d replicas ready)%n",
                        doomed.get("name").asString(),
                        doomed.get("id").asString(),
                        EndpointText.serves(doomed),
                        doomed.get("state").asString(),
                        doomed.get("readyReplicas").asInt(),
                        doomed.get("replicas").asInt());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
