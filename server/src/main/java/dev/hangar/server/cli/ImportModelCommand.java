package dev.hangar.server.cli;

import dev.hangar.server.core.ByteSizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hangar models import}: registers a model in place or uploads it, then follows the import to its end. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Register a model file or directory in place (or upload it) and follow its import.")
final class ImportModelCommand implements Callable<Integer> {
    private static final int CONFLICT_RETRIES = 4;
    private static final Duration CONFLICT_PAUSE = Duration.ofMillis(500);

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Name of the model in the registry.")
    String name;

    @Parameters(
            index = "1",
            description = "The .gguf / .safetensors file or model directory; uploaded when the server does not"
                    + " register it in place (another machine, or outside the directories it imports from).")
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
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> inPlace = upload ? Optional.empty() : registerInPlace(api, source);
        String id = inPlace.orElseGet(() -> registerOrResume(api, request(Map.of("type", "upload")), out));
        out.println("registered " + name + " (" + id + ")");
        out.flush();
        if (inPlace.isEmpty()) {
            sendFiles(api, id, source);
            api.post("/api/v1/models/" + id + "/upload/complete", Map.of());
        }
        if (noWait) {
            return 0;
        }
        return follow(api, id, out);
    }

    private Map<String, Object> request(Map<String, String> source) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("source", source);
        request.put("visibility", visible ? "public" : "private");
        if (description != null) {
            request.put("description", description);
        }
        return request;
    }

    /**
     * Registers the path in place, or answers empty after saying in one line that the server
     * refused it (403: not a directory it imports from, as by default, or not on its machine), so
     * that it is uploaded instead.
     */
    private Optional<String> registerInPlace(ApiConnection api, Path source) {
        try {
            return Optional.of(api.post("/api/v1/models", request(Map.of("type", "local", "path", source.toString())))
                    .get("id")
                    .asString());
        } catch (CliFailure refused) {
            if (refused.httpStatus().orElse(0) != 403) {
                throw refused;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("the server does not register " + source + " in place; uploading it instead");
            err.flush();
            return Optional.empty();
        }
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
    private void sendFiles(ApiConnection api, String id, Path source) throws InterruptedException {
        List<Path> files;
        try (var walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new CliFailure("Cannot read " + source + ": " + e.getMessage());
        }
        for (Path file : files) {
            String relative = Files.isDirectory(source)
                    ? source.relativize(file).toString()
                    : file.getFileName().toString();
            sendFile(api, id, relative, file);
        }
    }

    /**
     * Sends one file from the offset the server confirms. A 409 (the server's copy moved on, or the
     * request of a dropped connection is still being wound up there) reads the offset again and
     * retries a few times; a broken connection says how to resume.
     */
    private void sendFile(ApiConnection api, String id, String relative, Path file) throws InterruptedException {
        long size = file.toFile().length();
        for (int attempt = 1; ; attempt++) {
            long have = confirmedBytes(api, id, relative);
            if (have > size) {
                throw new CliFailure("The server has " + have + " bytes of " + relative + " but the local file holds "
                        + size + "; is it the same file? Remove the model and upload again.");
            }
            PrintWriter err = spec.commandLine().getErr();
            if (have > 0 && have < size) {
                err.println("  " + relative + ": the server has " + ByteSizes.bytes(have) + " (" + have
                        + " bytes); sending the rest");
            }
            UploadProgress progress = new UploadProgress(err, relative, have, size, System.console() != null);
            try {
                if (have < size || size == 0) {
                    api.upload("/api/v1/models/" + id + "/files/" + relative + "?offset=" + have, file, have, progress);
                }
                progress.finish();
                return;
            } catch (CliFailure failure) {
                progress.finish();
                if (failure.httpStatus().isEmpty()) {
                    throw new CliFailure(failure.getMessage() + "; run the same command again to resume the upload"
                            + " from the bytes the server has.");
                }
                if (failure.httpStatus().getAsInt() != 409 || attempt == CONFLICT_RETRIES) {
                    throw failure;
                }
                Thread.sleep(CONFLICT_PAUSE.toMillis() * attempt);
            }
        }
    }

    /** The bytes of {@code relative} the server holds, as its upload state says. */
    private static long confirmedBytes(ApiConnection api, String id, String relative) {
        for (JsonNode received : api.get("/api/v1/models/" + id + "/upload").get("files")) {
            if (received.get("name").asString().equals(relative)) {
                return received.get("sizeBytes").asLong();
            }
        }
        return 0;
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
        throw new CliFailure(
                "the import did not finish within " + timeout + "; follow it with 'hangar models show " + name + "'");
    }
}
