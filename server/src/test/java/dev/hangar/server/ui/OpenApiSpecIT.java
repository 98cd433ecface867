package dev.hangar.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web UI's API types are generated from {@code ui/openapi.json}; this keeps that copy equal to
 * the spec the server serves, so that a changed API cannot silently break the UI's types.
 */
class OpenApiSpecIT extends ServerTest {

    private static final Path COMMITTED = Path.of("..", "ui", "openapi.json");
    private static final Path CURRENT = Path.of("target", "openapi.json");

    @Test
    void committedSpecOfTheUiIsTheServedOne() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        // the first request builds the document from every controller: minutes on a machine busy with other builds
        ApiClient client = anonymous();
        ObjectNode served = (ObjectNode) client.send(client.request("/docs/openapi.json")
                        .timeout(Duration.ofMinutes(5))
                        .GET())
                .json();
        // The server's URL depends on the port the test runs on; the UI calls its own origin.
        served.remove("servers");
        Files.writeString(CURRENT, json.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");

        JsonNode committed = json.readTree(Files.readString(COMMITTED));

        assertThat(differences(committed, served))
                .as("ui/openapi.json is not the API the server serves; after changing the API run"
                        + " 'cp server/target/openapi.json ui/openapi.json' and fix what the UI's type check says")
                .isEmpty();
    }

    /** The paths and schemas that differ, by name, and "the rest" when the difference lies elsewhere. */
    private static List<String> differences(JsonNode committed, JsonNode served) {
        List<String> names = new ArrayList<>();
        for (String section : new String[] {"/paths", "/components/schemas"}) {
            JsonNode a = committed.at(section);
            JsonNode b = served.at(section);
            Set<String> keys = new TreeSet<>(a.propertyNames());
            keys.addAll(b.propertyNames());
            keys.stream()
                    .filter(key -> !a.path(key).equals(b.path(key)))
                    .forEach(key -> names.add(section + "/" + key));
        }
        if (names.isEmpty() && !committed.equals(served)) {
            names.add("(outside /paths and /components/schemas)");
        }
        return names;
    }
}
