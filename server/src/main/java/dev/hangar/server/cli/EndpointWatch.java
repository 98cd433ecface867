package dev.hangar.server.cli;

import dev.hangar.server.endpoint.EndpointState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Waits for an endpoint to settle, asking the server every 100 ms. Ctrl-C while it waits ends only
 * the waiting: the server carries on, and a note says so and how to follow the endpoint.
 */
final class EndpointWatch {

    private static final Duration POLL = Duration.ofMillis(100);

    private final ApiConnection api;
    private final PrintWriter out;

    EndpointWatch(ApiConnection api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    /** Until the deployment under way has ended (Running, failed, or stopped meanwhile), showing its steps. */
    JsonNode untilDeployed(String endpoint, DeploymentProgress progress) throws InterruptedException {
        return until(endpoint, state -> !state.deploying(), progress::show, "goes on deploying");
    }

    /** Until the endpoint is Stopped, its replicas drained and gone. */
    JsonNode untilStopped(String endpoint) throws InterruptedException {
        return until(endpoint, state -> state == EndpointState.STOPPED, now -> {}, "goes on stopping");
    }

    private JsonNode until(String endpoint, Predicate<EndpointState> settled, Consumer<JsonNode> each, String carriesOn)
            throws InterruptedException {
        Thread interrupted = new Thread(() -> {
            out.println();
            out.println("stopped waiting; " + endpoint + " " + carriesOn + " on the server."
                    + " Follow it with 'hangar endpoints show " + endpoint + "'.");
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            while (true) {
                JsonNode now = api.get("/api/v1/endpoints/" + endpoint);
                each.accept(now);
                if (settled.test(EndpointState.of(now.get("state").asString()))) {
                    return now;
                }
                Thread.sleep(POLL);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException exiting) {
                // Ctrl-C came as the wait ended: the note is being written.
            }
        }
    }
}
