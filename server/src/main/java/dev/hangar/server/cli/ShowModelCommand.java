package dev.hangar.server.cli;

import dev.hangar.server.core.ByteSizes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hangar models show}: one model's metadata, files and status. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a model's metadata, files and status.")
final class ShowModelCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Model id or name.")
    String model;

    @Override
    public Integer call() {
        JsonNode json = server.connect().get("/api/v1/models/" + model);
        PrintWriter out = spec.commandLine().getOut();
        for (String field : new String[] {
            "id", "name", "owner", "status", "statusReason", "format", "architecture", "parameterCount",
                    "contextLength",
            "embeddingLength", "layers", "heads", "kvHeads", "quantization", "tokenizer", "vocabSize", "task",
                    "license",
            "visibility", "sizeBytes", "createdAt"
        }) {
            if (json.has(field)) {
                out.printf("%-16s %s%n", field, json.get(field).asString());
            }
        }
        out.printf("%-16s %s%n", "chatTemplate", json.has("chatTemplate") ? "present" : "absent");
        out.printf("%-16s %s%n", "source", json.path("source").path("path").asString());
        for (JsonNode file : json.path("files")) {
            out.printf(
                    "  %-40s %10s %s%n",
                    file.get("name").asString(),
                    ByteSizes.bytes(file.get("sizeBytes").asLong()),
                    file.path("sha256").asString(""));
        }
        out.flush();
        return 0;
    }
}
