package dev.hangar.server.cli;

import dev.hangar.server.core.ByteSizes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hangar models list}: a table of the models the caller may see. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the models you may see.")
final class ListModelsCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Option(names = "-q", description = "Only models whose name, description or architecture contains this.")
    String query;

    @Option(names = "--format", description = "gguf or safetensors.")
    String format;

    @Override
    public Integer call() {
        StringBuilder path = new StringBuilder("/api/v1/models?size=500&sort=name");
        if (query != null) {
            path.append("&q=").append(java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (format != null) {
            path.append("&format=").append(format);
        }
        JsonNode page = server.connect().get(path.toString());
        PrintWriter out = spec.commandLine().getOut();
        String row = "%-32s %-12s %-12s %-12s %8s %-10s %10s%n";
        out.printf(row, "NAME", "STATUS", "FORMAT", "ARCH", "PARAMS", "QUANT", "SIZE");
        for (JsonNode model : page.get("items")) {
            out.printf(
                    row,
                    model.get("name").asString(),
                    model.get("status").asString(),
                    model.path("format").asString("-"),
                    model.path("architecture").asString("-"),
                    model.has("parameterCount")
                            ? ByteSizes.count(model.get("parameterCount").asLong())
                            : "-",
                    model.path("quantization").asString("-"),
                    model.has("sizeBytes")
                            ? ByteSizes.bytes(model.get("sizeBytes").asLong())
                            : "-");
        }
        out.flush();
        return 0;
    }
}
