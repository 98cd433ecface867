package dev.hangar.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * How the endpoint commands write an endpoint's parts: a deployment step with its mark and time,
 * events, replicas and ages, the same way in every command.
 */
final class EndpointText {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private EndpointText() {}

    /**
     * One deployment step: {@code [ok]} done, {@code [..]} running, {@code [!!]} failed, {@code [  ]}
     * pending; its time so far, and the reason when it failed.
     */
    static String step(JsonNode step, Instant now) {
        String status = step.get("status").asString();
        String mark = switch (status) {
            case "done" -> "[ok]";
            case "running" -> "[..]";
            case "failed" -> "[!!]";
            default -> "[  ]";
        };
        String elapsed = "";
        if (step.has("startedAt")) {
            Instant started = Instant.parse(step.get("startedAt").asString());
            Instant ended =
                    step.has("endedAt") ? Instant.parse(step.get("endedAt").asString()) : now;
            elapsed = seconds(Duration.between(started, ended));
        }
        String line = String.format("%s %-22s %7s", mark, step.get("title").asString(), elapsed);
        return step.has("reason") ? line + "  " + step.get("reason").asString() : line.stripTrailing();
    }

    /** The failed step of an endpoint's progress, as "Title: reason"; else the endpoint's state reason. */
    static String failure(JsonNode endpoint) {
        for (JsonNode step : endpoint.path("progress").path("steps")) {
            if (step.get("status").asString().equals("failed")) {
                return step.get("title").asString() + " failed: "
                        + step.path("reason")
                                .asString(endpoint.path("stateReason").asString(""));
            }
        }
        return endpoint.path("stateReason").asString("no reason given");
    }

    /** Writes the endpoint's last {@code count} events, oldest first, one line each. */
    static void printEvents(ApiConnection api, String endpoint, int count, PrintWriter out) {
        JsonNode events = api.get("/api/v1/endpoints/" + endpoint + "/events?limit=" + count);
        out.println("last events:");
        for (JsonNode event : events) {
            out.printf(
                    "  %s  %-5s  %s%n",
                    CLOCK.format(Instant.parse(event.get("at").asString())),
                    event.get("level").asString(),
                    event.get("message").asString());
        }
    }

    /** Writes the endpoint's replicas as a table: ordinal, id, state, address, pid, restarts. */
    static void printReplicas(JsonNode replicas, PrintWriter out) {
        String row = "  %-3s %-30s %-9s %-22s %8s %8s%n";
        out.printf(row, "#", "ID", "STATE", "ADDRESS", "PID", "RESTARTS");
        for (JsonNode replica : replicas) {
            out.printf(
                    row,
                    replica.get("ordinal").asInt(),
                    replica.get("id").asString(),
                    replica.get("state").asString(),
                    replica.path("address").asString("-"),
                    replica.path("pid").asString("-"),
                    replica.get("restarts").asInt());
        }
    }

    /** How long ago, the way {@code ps} and {@code kubectl} say it: 42s, 5m, 3h, 12d. */
    /** What the endpoint serves: its registry model, or for a router the provider's model and host. */
    static String serves(JsonNode endpoint) {
        JsonNode upstream = endpoint.path("upstream");
        if (upstream.isObject()) {
            return upstream.path("model").asString() + " at "
                    + upstream.path("baseUrl").asString();
        }
        return endpoint.path("model").asString("-");
    }

    static String age(Instant since, Instant now) {
        long seconds = Math.max(0, Duration.between(since, now).toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, duration.toMillis()) / 1000.0);
    }
}
