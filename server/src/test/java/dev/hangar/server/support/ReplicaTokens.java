package dev.hangar.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * A replica's token, which no API shows, read from its process's environment as Linux shows it to
 * the process's owner (the tests run as the server's user): for tests that call a replica directly.
 */
public final class ReplicaTokens {

    private ReplicaTokens() {}

    /** The token of {@code replica}, an element of {@code GET /api/v1/endpoints/{id}/replicas}. */
    public static String of(JsonNode replica) {
        String environ;
        try {
            environ = Files.readString(Path.of("/proc/" + replica.get("pid").asLong() + "/environ"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String entry : environ.split("\0")) {
            if (entry.startsWith("HANGAR_REPLICA_TOKEN=")) {
                return entry.substring("HANGAR_REPLICA_TOKEN=".length());
            }
        }
        throw new AssertionError("replica " + replica.get("id") + " has no HANGAR_REPLICA_TOKEN");
    }
}
