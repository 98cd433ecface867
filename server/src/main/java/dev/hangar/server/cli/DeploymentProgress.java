package dev.hangar.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The six deployment steps, shown live while the CLI waits. On a terminal: a block redrawn in
 * place, a line per step with its mark and time and then the overall bar. Elsewhere (a pipe, a log,
 * CI): a line appended each time a step changes, headed by the percent reached, so that the
 * output reads as a log.
 */
final class DeploymentProgress {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, String> shownStatus = new HashMap<>();
    private int drawnLines;

    DeploymentProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows the endpoint's progress as the server reports it now. */
    void show(JsonNode endpoint) {
        Instant now = Instant.now();
        if (terminal) {
            redraw(endpoint, now);
        } else {
            appendChanges(endpoint, now);
        }
        out.flush();
    }

    private void redraw(JsonNode endpoint, Instant now) {
        List<String> lines = new ArrayList<>();
        for (JsonNode step : endpoint.get("progress").get("steps")) {
            lines.add("  " + EndpointText.step(step, now));
        }
        lines.add(bar(endpoint, now));
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "A");
        }
        for (String line : lines) {
            out.print("\r" + line + "\033[K\n");
        }
        drawnLines = lines.size();
    }

    private void appendChanges(JsonNode endpoint, Instant now) {
        int overall = endpoint.get("progress").get("percent").asInt();
        for (JsonNode step : endpoint.get("progress").get("steps")) {
            String status = step.get("status").asString();
            if (status.equals(shownStatus.getOrDefault(step.get("name").asString(), "pending"))) {
                continue;
            }
            shownStatus.put(step.get("name").asString(), status);
            int percent = status.equals("done") ? step.get("toPercent").asInt() : overall;
            out.printf("  %3d%% %s%n", percent, EndpointText.step(step, now));
        }
    }

    /** The overall bar, the state, and the time since the first step began. */
    private static String bar(JsonNode endpoint, Instant now) {
        JsonNode first = endpoint.get("progress").get("steps").get(0);
        Duration elapsed = first.has("startedAt")
                ? Duration.between(Instant.parse(first.get("startedAt").asString()), now)
                : Duration.ZERO;
        int percent = Math.clamp(endpoint.get("progress").get("percent").asInt(), 0, 100);
        int filled = percent * WIDTH / 100;
        return String.format(
                "  [%s%s] %3d%%  %-14s %s",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                percent,
                endpoint.get("state").asString(),
                EndpointText.seconds(elapsed));
    }
}
