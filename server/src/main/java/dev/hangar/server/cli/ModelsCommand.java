package dev.hangar.server.cli;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

/** {@code hangar models …}: the registry from the command line, against a running server. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List, import, show and remove models; make tiny test models.",
        subcommands = {
            ModelsCommand.ListModels.class,
            ModelsCommand.ImportModel.class,
            ModelsCommand.ShowModel.class,
            ModelsCommand.RemoveModel.class,
            ModelsCommand.MakeTiny.class
        })
public final class ModelsCommand {

    /** Where the server is and which key to use; HANGAR_URL and HANGAR_API_KEY by default. */
    static final class Server {
        @Option(
                names = "--url",
                description = "Hangar's URL (default: HANGAR_URL, else http://localhost:$HANGAR_PORT).")
        String url;

        @Option(
                names = "--api-key",
                description = "API key (default: HANGAR_API_KEY, else $HANGAR_HOME/admin-api-key).")
        String apiKey;

        ApiConnection connect() {
            return ApiConnection.resolve(url, apiKey);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models you may see.")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        Server server;

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

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Register a local model file or directory and follow its import.")
    static final class ImportModel implements Callable<Integer> {
        @Mixin
        Server server;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Name of the model in the registry.")
        String name;

        @Parameters(
                index = "1",
                description = "The .gguf / .safetensors file or model directory, on the server's machine.")
        Path path;

        @Option(names = "--public", description = "Visible to every user (default: only you and admins).")
        boolean visible;

        @Option(names = "--description", description = "A line about the model.")
        String description;

        @Option(
                names = "--upload",
                description = "Send the files to the server's model store instead of registering them in place"
                        + " (for a server on another machine); an interrupted upload resumes when run again.")
        boolean upload;

        @Option(names = "--no-wait", description = "Return once registered instead of following the import.")
        boolean noWait;

        @Option(
                names = "--timeout",
                defaultValue = "PT10M",
                description = "How long to follow the import (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws InterruptedException {
            ApiConnection api = server.connect();
            Path source = path.toAbsolutePath().normalize();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("name", name);
            request.put(
                    "source", upload ? Map.of("type", "upload") : Map.of("type", "local", "path", source.toString()));
            request.put("visibility", visible ? "public" : "private");
            if (description != null) {
                request.put("description", description);
            }
            PrintWriter out = spec.commandLine().getOut();
            String id = upload
                    ? registerOrResume(api, request, out)
                    : api.post("/api/v1/models", request).get("id").asString();
            out.println("registered " + name + " (" + id + ")");
            out.flush();
            if (upload) {
                sendFiles(api, id, source);
                api.post("/api/v1/models/" + id + "/upload/complete", Map.of());
            }
            if (noWait) {
                return 0;
            }
            return follow(api, id, out);
        }

        /** Registers the model, or finds the unfinished upload of the same name to resume it. */
        private String registerOrResume(ApiConnection api, Map<String, Object> request, PrintWriter out) {
            try {
                return api.post("/api/v1/models", request).get("id").asString();
            } catch (CliFailure taken) {
                JsonNode existing;
                try {
                    existing = api.get("/api/v1/models/" + name + "/upload");
                } catch (CliFailure notAnUpload) {
                    throw taken;
                }
                if (existing.get("complete").asBoolean()) {
                    throw taken;
                }
                out.println("resuming the upload of " + name);
                return api.get("/api/v1/models/" + name).get("id").asString();
            }
        }

        /** Uploads the file, or every file of the directory, each from where the server's copy ends. */
        private void sendFiles(ApiConnection api, String id, Path source) {
            List<Path> files;
            try (var walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new CliFailure("Cannot read " + source + ": " + e.getMessage());
            }
            JsonNode state = api.get("/api/v1/models/" + id + "/upload");
            PrintWriter err = spec.commandLine().getErr();
            for (Path file : files) {
                String relative = Files.isDirectory(source)
                        ? source.relativize(file).toString()
                        : file.getFileName().toString();
                long have = 0;
                for (JsonNode received : state.get("files")) {
                    if (received.get("name").asString().equals(relative)) {
                        have = received.get("sizeBytes").asLong();
                    }
                }
                long size = file.toFile().length();
                if (have > size) {
                    throw new CliFailure("The server has more of " + relative
                            + " than the local file holds; remove the model and upload again.");
                }
                UploadProgress progress = new UploadProgress(err, relative, have, size, System.console() != null);
                if (have < size || size == 0) {
                    api.upload("/api/v1/models/" + id + "/files/" + relative + "?offset=" + have, file, have, progress);
                }
                progress.finish();
            }
        }

        /** Prints each status change until the import ends; exit 0 only when the model is ready. */
        private int follow(ApiConnection api, String id, PrintWriter out) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            int shown = 0;
            while (Instant.now().isBefore(deadline)) {
                JsonNode events = api.get("/api/v1/models/" + id + "/events");
                for (int i = shown; i < events.size(); i++) {
                    JsonNode event = events.get(i);
                    out.printf(
                            "  %-12s %s%n",
                            event.get("status").asString(), event.path("reason").asString(""));
                }
                out.flush();
                shown = events.size();
                String status = events.isEmpty()
                        ? "importing"
                        : events.get(events.size() - 1).get("status").asString();
                switch (status) {
                    case "ready" -> {
                        JsonNode model = api.get("/api/v1/models/" + id);
                        out.println(name + " is ready: " + model.path("format").asString() + " "
                                + model.path("architecture").asString("") + ", "
                                + ByteSizes.count(model.path("parameterCount").asLong()) + " parameters, "
                                + ByteSizes.bytes(model.path("sizeBytes").asLong()));
                        out.flush();
                        return 0;
                    }
                    case "failed", "quarantined" -> {
                        return 1;
                    }
                    default -> Thread.sleep(250);
                }
            }
            throw new CliFailure("the import did not finish within " + timeout + "; follow it with 'hangar models show "
                    + name + "'");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a model's metadata, files and status.")
    static final class ShowModel implements Callable<Integer> {
        @Mixin
        Server server;

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

    @Command(
            name = "rm",
            mixinStandardHelpOptions = true,
            description = "Remove a model from the registry (files registered in place stay).")
    static final class RemoveModel implements Callable<Integer> {
        @Mixin
        Server server;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Model id or name.")
        String model;

        @Override
        public Integer call() {
            server.connect().delete("/api/v1/models/" + model);
            spec.commandLine().getOut().println("removed " + model);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "make-tiny",
            mixinStandardHelpOptions = true,
            description = "Write a llama model with random weights (for tests and benchmarks) that real runtimes load.")
    static final class MakeTiny implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Output: a .gguf file, or a directory for --format safetensors.")
        Path out;

        @Option(
                names = "--format",
                defaultValue = "gguf",
                description = "gguf or safetensors (default ${DEFAULT-VALUE}).")
        String format;

        @Option(
                names = "--size",
                defaultValue = "1M",
                description = "Parameter count to aim at: 100k, 1M, 10M, 85M, 100M (default ${DEFAULT-VALUE}).")
        String size;

        @Option(
                names = "--type",
                defaultValue = "F16",
                description =
                        "F16, BF16, F32, Q8_0 or Q4_0 (GGUF); F16, BF16 or F32 (safetensors). Default ${DEFAULT-VALUE}.")
        String type;

        @Option(
                names = "--seed",
                defaultValue = "42",
                description = "Random seed; the same seed writes the same bytes (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException {
            GgmlType ggmlType;
            try {
                ggmlType = GgmlType.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CliFailure("--type must be F16, BF16, F32, Q8_0 or Q4_0, not '" + type + "'");
            }
            TinyModel model;
            try {
                model = TinyModel.ofSize(size, seed);
                long started = System.nanoTime();
                switch (format.toLowerCase(Locale.ROOT)) {
                    case "gguf" -> model.writeGguf(out, ggmlType);
                    case "safetensors" -> model.writeHfDirectory(out, ggmlType);
                    default -> throw new CliFailure("--format must be gguf or safetensors, not '" + format + "'");
                }
                long size = Files.isDirectory(out)
                        ? Files.walk(out)
                                .filter(Files::isRegularFile)
                                .mapToLong(p -> p.toFile().length())
                                .sum()
                        : Files.size(out);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "wrote %s: %s, %s parameters, %s, %s (random weights) in %d ms%n",
                                out,
                                model.name(),
                                ByteSizes.count(model.shape().parameterCount()),
                                ggmlType,
                                ByteSizes.bytes(size),
                                (System.nanoTime() - started) / 1_000_000);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage());
            }
        }
    }
}
