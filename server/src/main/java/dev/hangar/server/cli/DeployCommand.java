package dev.hangar.server.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code hangar deploy}: creates an endpoint for a model and follows its six steps until it runs,
 * then says where it answers; on failure, says which step failed and why.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Deploy a model as an endpoint and follow the deployment until it runs.")
public final class DeployCommand implements Callable<Integer> {

    /** The longest endpoint name the server takes. */
    private static final int NAME_LENGTH = 64;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model id or name (a ready model of the registry).")
    String model;

    @Option(
            names = "--name",
            description = "Endpoint name, the model name clients send (default: the model's name as a slug).")
    String name;

    @Option(
            names = "--runtime",
            description = "llama.cpp, vllm, sglang, … (default: the best installed one that fits).")
    String runtime;

    @Option(names = "--replicas", description = "Number of replicas (sets min and max; default 1).")
    Integer replicas;

    @Option(names = "--resource", description = "Deployment resource of the cluster (default: the first that fits).")
    String resource;

    @Option(
            names = "--arg",
            paramLabel = "KEY=VALUE",
            description = "Engine argument, e.g. --arg ctx-size=2048 (repeatable; see GET /api/v1/runtimes).")
    Map<String, String> engineArgs = new LinkedHashMap<>();

    @Option(
            names = "--env",
            paramLabel = "NAME=VALUE",
            description = "Environment variable of the replicas (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--no-wait", description = "Return once the endpoint is created instead of following it.")
    boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        ApiConnection api = server.connect();
        String endpointName = name != null
                ? name
                : slug(api.get("/api/v1/models/" + model).get("name").asString());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", endpointName);
        request.put("model", model);
        if (runtime != null) {
            request.put("runtime", runtime);
        }
        if (resource != null) {
            request.put("resource", resource);
        }
        if (replicas != null) {
            request.put("minReplicas", replicas);
            request.put("maxReplicas", replicas);
        }
        if (!engineArgs.isEmpty()) {
            request.put("engineArgs", engineArgs);
        }
        if (!env.isEmpty()) {
            request.put("env", env);
        }
        JsonNode created = api.post("/api/v1/endpoints", request);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "deploying %s: model %s on %s, resource %s/%s, %d replica(s)%n",
                endpointName,
                created.get("model").asString(),
                created.get("runtime").asString(),
                created.get("cluster").asString(),
                created.get("resource").asString(),
                created.get("replicas").asInt());
        out.flush();
        if (noWait) {
            out.println("follow it with 'hangar endpoints show " + endpointName + "'");
            out.flush();
            return 0;
        }
        JsonNode settled = new EndpointWatch(api, out)
                .untilDeployed(endpointName, new DeploymentProgress(out, System.console() != null));
        return DeploymentOutcome.report(api, settled, out);
    }

    /** A model name as an endpoint name: lowercase, runs of other characters as one '-', at most 64. */
    private static String slug(String modelName) {
        String slug = modelName
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+", "");
        slug = slug.substring(0, Math.min(slug.length(), NAME_LENGTH)).replaceAll("[._-]+$", "");
        if (slug.isEmpty()) {
            throw new CliFailure("cannot make an endpoint name of '" + modelName + "'; give one with --name");
        }
        return slug;
    }
}
