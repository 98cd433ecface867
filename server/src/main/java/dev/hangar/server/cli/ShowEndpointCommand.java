package dev.hangar.server.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hangar endpoints show}: one endpoint's settings, deployment steps, replicas and last events. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show an endpoint: settings, deployment steps, replicas and the last events.")
final class ShowEndpointCommand implements Callable<Integer> {

    private static final int EVENTS = 10;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Endpoint name or id.")
    String endpoint;

    @Override
    public Integer call() {
        ApiConnection api = server.connect();
        JsonNode json = api.get("/api/v1/endpoints/" + endpoint);
        String id = json.get("id").asString();
        PrintWriter out = spec.commandLine().getOut();
        String field = "%-13s %s%n";
        for (String name : new String[] {
            "name", "id", "owner", "description", "visibility", "state", "stateReason", "model", "runtime"
        }) {
            if (json.hasNonNull(name)) {
                out.printf(field, name, json.get(name).asString());
            }
        }
        if (json.hasNonNull("upstream")) {
            out.printf(field, "upstream", EndpointText.serves(json));
        }
        out.printf(field, "engineArgs", pairs(json.path("engineArgs")));
        out.printf(field, "env", pairs(json.path("env")));
        out.printf(
                field,
                "resource",
                json.get("cluster").asString() + "/" + json.path("resource").asString("-"));
        out.printf(
                field,
                "replicas",
                json.get("readyReplicas").asInt() + "/" + json.get("replicas").asInt() + " ready (min "
                        + json.get("minReplicas").asInt() + ", max "
                        + json.get("maxReplicas").asInt() + ")");
        out.printf(field, "created", json.get("createdAt").asString());
        if (!json.has("progress")) {
            // another user's public endpoint: its progress, replicas and events are its owner's
            out.flush();
            return 0;
        }
        out.printf(field, "progress", json.get("progress").get("percent").asInt() + "%");
        Instant now = Instant.now();
        for (JsonNode step : json.get("progress").get("steps")) {
            out.println("  " + EndpointText.step(step, now));
        }
        out.println("replicas:");
        EndpointText.printReplicas(api.get("/api/v1/endpoints/" + id + "/replicas"), out);
        EndpointText.printEvents(api, id, EVENTS, out);
        out.flush();
        return 0;
    }

    /** {@code {"ctx-size":512}} as {@code ctx-size=512}, or {@code -} when empty. */
    private static String pairs(JsonNode object) {
        StringBuilder text = new StringBuilder();
        for (var entry : object.properties()) {
            text.append(text.isEmpty() ? "" : " ")
                    .append(entry.getKey())
                    .append('=')
                    .append(entry.getValue().asString());
        }
        return text.isEmpty() ? "-" : text.toString();
    }
}
