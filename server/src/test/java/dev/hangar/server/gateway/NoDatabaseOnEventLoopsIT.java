package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.EventLoopJdbcGuard;
import dev.hangar.server.support.MovableClock;
import dev.hangar.server.support.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No event loop of the edge ever asks for a database connection, whatever {@code /v1} traffic it
 * serves: keys used for the first time (not in the key cache), unknown keys, a key with a monthly
 * quota across the month's end (the server's clock moved by the test), all while the endpoint's
 * routing changes under the requests. The server's DataSource refuses a connection on an event
 * loop ({@link EventLoopJdbcGuard}), so that a request which did would also fail.
 */
class NoDatabaseOnEventLoopsIT {

    private static final Instant LAST_MINUTES_OF_JANUARY = Instant.parse("2027-01-31T23:58:00Z");
    private static final int CALLERS = 4;

    private final MovableClock clock = new MovableClock(LAST_MINUTES_OF_JANUARY);
    private final EventLoopJdbcGuard guard = new EventLoopJdbcGuard();

    @Test
    void noEventLoopAsksForADatabaseConnection(@TempDir Path home, @TempDir Path sources) throws Exception {
        try (RunningServer server = RunningServer.start(
                home,
                Map.of("hangar.registry.model-roots", sources.toString(), "hangar.replicas.stop-on-exit", "true"),
                clock,
                guard)) {
            ApiClient admin = server.admin();
            String model = Deployments.readyTinyGguf(admin, sources, "loops-tiny");
            var created = admin.postJson(
                    "/api/v1/endpoints",
                    "{\"name\":\"loops\",\"model\":\"" + model + "\",\"engineArgs\":{\"ctx-size\":512}}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String endpoint = created.json().get("id").asString();
            Deployments.awaitState(admin, endpoint, Duration.ofSeconds(120), "Running");
            ApiClient quota = server.client(newKey(admin, ",\"limits\":{\"monthlyTokens\":1000000}"));

            Traffic traffic = new Traffic(server, admin, quota);
            traffic.start();
            try {
                changeRoutingWhileRequestsFlow(admin, endpoint, traffic);
            } finally {
                traffic.stop();
            }

            assertThat(guard.violations())
                    .as("database connections asked for on an event loop")
                    .isEmpty();
            assertThat(traffic.unexpected).as("answers other than expected").isEmpty();
            assertThat(traffic.served.get()).as("requests served").isGreaterThan(20);
            assertThat(guard.otherThreads())
                    .as("the key checks the caches could not answer ran off the event loops")
                    .anyMatch(thread -> thread.startsWith("gateway-database"));
            assertThat(guard.otherThreads())
                    .as("the routing table was read again by its refresher")
                    .contains("routing-table-refresh");
        }
    }

    /** New keys, the endpoint made public and private again, the month's end: each while requests flow. */
    private void changeRoutingWhileRequestsFlow(ApiClient admin, String endpoint, Traffic traffic) {
        for (int round = 0; round < 4; round++) {
            traffic.keys.add(newKey(admin, ""));
            String visibility = round % 2 == 0 ? "public" : "private";
            var changed = admin.patchJson("/api/v1/endpoints/" + endpoint, "{\"visibility\":\"" + visibility + "\"}");
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            if (round == 2) {
                clock.set(Instant.parse("2027-02-01T00:00:01Z"));
            }
            traffic.awaitMore();
        }
    }

    /** Callers sending completions until stopped, each in turn with the quota key, a fresh key and an unknown key. */
    private static final class Traffic {

        final List<String> keys = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        final AtomicInteger served = new AtomicInteger();
        private final RunningServer server;
        private final ApiClient admin;
        private final ApiClient quota;
        private final Map<String, ApiClient> clients = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        private final List<Future<?>> loops = new ArrayList<>();

        Traffic(RunningServer server, ApiClient admin, ApiClient quota) {
            this.server = server;
            this.admin = admin;
            this.quota = quota;
        }

        void start() {
            for (int i = 0; i < CALLERS; i++) {
                loops.add(callers.submit(this::callUntilStopped));
            }
        }

        /** Waits until a few more requests were served (each change happens while requests flow), or one was not. */
        void awaitMore() {
            int until = served.get() + CALLERS * 2;
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> served.get() >= until || !unexpected.isEmpty());
        }

        void stop() throws Exception {
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get();
            }
            callers.shutdown();
        }

        private void callUntilStopped() {
            int turn = 0;
            while (running.get()) {
                int kind = turn++ % 4;
                ApiClient caller = switch (kind) {
                    case 0 -> quota;
                    case 1 -> admin;
                    case 2 -> keys.isEmpty() ? admin : clients.computeIfAbsent(keys.getLast(), server::client);
                    default -> server.client("hgr_unknown-" + UUID.randomUUID());
                };
                try {
                    var answer = caller.postJson(
                            "/v1/completions", "{\"model\":\"loops\",\"prompt\":\"Hi\",\"max_tokens\":1}");
                    if (answer.status() == (kind == 3 ? 401 : 200)) {
                        served.incrementAndGet();
                    } else {
                        unexpected.add(answer.toString());
                    }
                } catch (RuntimeException e) {
                    unexpected.add(e.toString());
                }
            }
        }
    }

    /** A new key of the admin's; {@code more} adds fields to the request. */
    private static String newKey(ApiClient admin, String more) {
        var created = admin.postJson("/api/v1/api-keys", "{\"name\":\"loops-" + UUID.randomUUID() + "\"" + more + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asString();
    }
}
