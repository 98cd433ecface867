package dev.hangar.server.cli;

import dev.hangar.server.core.ColumnText;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hangar endpoints list}: a table of the endpoints the caller may see, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the endpoints you may see.")
final class ListEndpointsCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Option(names = "-q", description = "Only endpoints whose name or description contains this.")
    String query;

    @Option(names = "--state", description = "Only endpoints in this state, e.g. Running, Stopped, DeployFailed.")
    String state;

    @Override
    public Integer call() {
        StringBuilder path = new StringBuilder("/api/v1/endpoints?size=500");
        if (query != null) {
            path.append("&q=").append(URLEncoder.encode(query, StandardCharsets.UTF_8));
        }
        if (state != null) {
            path.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        JsonNode page = server.connect().get(path.toString());
        PrintWriter out = spec.commandLine().getOut();
        String row = "%-32s %-14s %-7s %-17s %-28s %5s%n";
        out.printf(row, "NAME", "STATE", "READY", "RUNTIME", "MODEL", "AGE");
        Instant now = Instant.now();
        for (JsonNode endpoint : page.get("items")) {
            out.printf(
                    row,
                    ColumnText.fit(endpoint.get("name").asString(), 32),
                    endpoint.get("state").asString(),
                    endpoint.get("readyReplicas").asInt() + "/"
                            + endpoint.get("replicas").asInt(),
                    endpoint.get("runtime").asString(),
                    ColumnText.fit(EndpointText.serves(endpoint), 28),
                    EndpointText.age(Instant.parse(endpoint.get("createdAt").asString()), now));
        }
        out.flush();
        return 0;
    }
}
