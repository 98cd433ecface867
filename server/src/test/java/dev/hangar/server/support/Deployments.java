package dev.hangar.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Steps endpoint tests share: register a tiny real model and wait for it, wait for an endpoint's state. */
public final class Deployments {

    private static final List<String> FAILED = List.of("BuildingFailed", "DeployFailed", "RuntimeError", "NoAppFile");

    private Deployments() {}

    /** Writes a 100k-parameter GGUF the built-in worker loads, registers it and waits until it is ready; answers its id. */
    public static String readyTinyGguf(ApiClient client, Path directory, String name) {
        Path file = directory.resolve(name + ".gguf");
        try {
            Files.createDirectories(directory);
            TinyModel.ofSize("100k", 7).writeGguf(file, GgmlType.F16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return readyModel(client, name, file);
    }

    /** Registers a local model file or directory and waits until it is ready; answers its id. */
    public static String readyModel(ApiClient client, String name, Path path) {
        var created = client.postJson(
                "/api/v1/models",
                "{\"name\":\"" + name + "\",\"source\":{\"type\":\"local\",\"path\":\"" + path + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> client.get("/api/v1/models/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        "ready"::equals);
        return id;
    }

    /** Waits until the endpoint is in one of {@code states}; answers it. Fails early on an unexpected failed state. */
    public static JsonNode awaitState(ApiClient client, String endpoint, Duration timeout, String... states) {
        List<String> wanted = List.of(states);
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .failFast(() -> {
                    JsonNode now = client.get("/api/v1/endpoints/" + endpoint).json();
                    String state = now.get("state").asString();
                    if (!wanted.contains(state) && FAILED.contains(state)) {
                        throw new AssertionError("endpoint " + endpoint + " is " + describe(client, endpoint, now));
                    }
                })
                .until(
                        () -> client.get("/api/v1/endpoints/" + endpoint)
                                .json()
                                .get("state")
                                .asString(),
                        wanted::contains);
        return client.get("/api/v1/endpoints/" + endpoint).json();
    }

    private static String describe(ApiClient client, String endpoint, JsonNode now) {
        return now.get("state").asString() + ": " + now.path("stateReason").asString() + "\nevents: "
                + client.get("/api/v1/endpoints/" + endpoint + "/events").body();
    }
}
