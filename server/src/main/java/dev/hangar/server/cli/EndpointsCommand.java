package dev.hangar.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code hangar endpoints …}: deployed models from the command line, against a running server.
 * Stop, start and restart are the methods below: the same request to a different action.
 */
@Command(
        name = "endpoints",
        mixinStandardHelpOptions = true,
        description = "List, show, stop, start, restart, scale and remove endpoints; read their replicas' logs.",
        subcommands = {
            ListEndpointsCommand.class,
            ShowEndpointCommand.class,
            ScaleEndpointCommand.class,
            RemoveEndpointCommand.class,
            EndpointLogsCommand.class
        })
public final class EndpointsCommand {

    @Spec
    CommandSpec spec;

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop serving: the replicas drain and exit; waits until the endpoint is Stopped.")
    int stop(
            @Mixin ServerOptions server,
            @Parameters(paramLabel = "NAME", description = "Endpoint name or id.") String endpoint,
            @Option(names = "--no-wait", description = "Return once the stop is accepted.") boolean noWait,
            @Option(names = "--wait", hidden = true, description = "The default (kept for scripts).") boolean await)
            throws InterruptedException {
        return act(server, endpoint, "stop", !noWait);
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Deploy a stopped endpoint again.")
    int start(
            @Mixin ServerOptions server,
            @Parameters(paramLabel = "NAME", description = "Endpoint name or id.") String endpoint,
            @Option(names = "--wait", description = "Follow the deployment until it runs.") boolean await)
            throws InterruptedException {
        return act(server, endpoint, "start", await);
    }

    @Command(
            name = "restart",
            mixinStandardHelpOptions = true,
            description = "Deploy again from the first step, replacing the replicas.")
    int restart(
            @Mixin ServerOptions server,
            @Parameters(paramLabel = "NAME", description = "Endpoint name or id.") String endpoint,
            @Option(names = "--wait", description = "Follow the deployment until it runs.") boolean await)
            throws InterruptedException {
        return act(server, endpoint, "restart", await);
    }

    /** Asks for the action and prints the state it left the endpoint in, or waits for the state it leads to. */
    private int act(ServerOptions server, String endpoint, String action, boolean await) throws InterruptedException {
        ApiConnection api = server.connect();
        JsonNode accepted = api.post("/api/v1/endpoints/" + endpoint + "/" + action, Map.of());
        String name = accepted.get("name").asString();
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                switch (action) {
                    case "stop" -> "stopping " + name + "…";
                    case "start" -> "starting " + name + "…";
                    default -> "restarting " + name + "…";
                });
        out.flush();
        if (!await) {
            out.println(name + " is " + accepted.get("state").asString() + " for now; 'hangar endpoints show " + name
                    + "' follows it");
            out.flush();
            return 0;
        }
        EndpointWatch watch = new EndpointWatch(api, out);
        if (action.equals("stop")) {
            watch.untilStopped(name);
            out.println(name + " is Stopped");
            out.flush();
            return 0;
        }
        JsonNode settled = watch.untilDeployed(name, new DeploymentProgress(out, System.console() != null));
        return DeploymentOutcome.report(api, settled, out);
    }
}
