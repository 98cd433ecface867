package dev.hangar.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hangar endpoints logs}: a replica's log (its process's stdout and stderr), or followed as it grows. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print a replica's log (stdout and stderr of its process); -f follows it until Ctrl-C.")
final class EndpointLogsCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Endpoint name or id.")
    String endpoint;

    @Option(
            names = "--replica",
            paramLabel = "ID-OR-ORDINAL",
            defaultValue = "0",
            description = "Which replica: its id or its ordinal (default #${DEFAULT-VALUE}).")
    String replica;

    @Option(
            names = "--tail",
            defaultValue = "100",
            description = "How many of the last lines to print (default ${DEFAULT-VALUE}).")
    int tail;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new lines as they are written.")
    boolean follow;

    @Override
    public Integer call() {
        ApiConnection api = server.connect();
        String logs = "/api/v1/endpoints/" + endpoint + "/replicas/" + replicaId(api) + "/logs?tail=" + tail;
        PrintWriter out = spec.commandLine().getOut();
        if (follow) {
            api.follow(logs + "&follow=true", line -> {
                out.println(line);
                out.flush();
            });
            return 0;
        }
        for (JsonNode line : api.get(logs).get("lines")) {
            out.println(line.asString());
        }
        out.flush();
        return 0;
    }

    /** The id of the replica asked for, by id or by ordinal. */
    private String replicaId(ApiConnection api) {
        JsonNode replicas = api.get("/api/v1/endpoints/" + endpoint + "/replicas");
        List<String> known = new ArrayList<>();
        for (JsonNode candidate : replicas) {
            String id = candidate.get("id").asString();
            String ordinal = Integer.toString(candidate.get("ordinal").asInt());
            if (replica.equals(id) || replica.equals(ordinal) || replica.equals("#" + ordinal)) {
                return id;
            }
            known.add("#" + ordinal + " " + id);
        }
        throw new CliFailure(
                known.isEmpty()
                        ? endpoint + " has no replicas yet; start it, or wait for its deployment"
                        : endpoint + " has no replica '" + replica + "'; it has " + String.join(", ", known));
    }
}
