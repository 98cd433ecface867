package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.MovableClock;
import dev.hangar.server.support.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monthly token quotas and tokens-per-minute limits end to end: a real endpoint (a tiny GGUF on
 * the built-in worker), the real meter (database, unflushed usage, replay) behind the {@code /v1}
 * refusal, across a month's end (the server's clock moved by the test) and a restart. Subclasses
 * choose the database. One server and endpoint per class; the restart runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class QuotaEndToEndContract {

    /** A few of the tiny model's answers: each uses its prompt's tokens and up to {@link #MAX_TOKENS}. */
    private static final long QUOTA = 40;

    private static final int MAX_TOKENS = 4;
    private static final Instant LAST_MINUTES_OF_JANUARY = Instant.parse("2027-01-31T23:50:00Z");

    private final MovableClock clock = new MovableClock(LAST_MINUTES_OF_JANUARY);

    private Path home;
    private Path sources;
    private Map<String, Object> database;
    private RunningServer server;

    /** The {@code hangar.database.*} settings; empty for the embedded H2 file database. */
    abstract Map<String, Object> database();

    @BeforeAll
    void startAndDeploy(@TempDir Path home, @TempDir Path sources) {
        this.home = home;
        this.sources = sources;
        database = database();
        server = start();
        String model = Deployments.readyTinyGguf(server.admin(), sources, "quota-tiny");
        var created = server.admin()
                .postJson(
                        "/api/v1/endpoints",
                        "{\"name\":\"quota\",\"model\":\"" + model + "\",\"engineArgs\":{\"ctx-size\":512}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Deployments.awaitState(server.admin(), "quota", Duration.ofSeconds(120), "Running");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void tokensPerMinuteAreEnforcedEndToEnd() {
        ApiClient caller = keyWith("{\"tokensPerMinute\":5}");

        var first = chat(caller);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().at("/usage/total_tokens").asLong()).isGreaterThan(5);
        var refused = chat(caller);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.body()).contains("rate_limit_exceeded", "tokens per minute", "limit 5");
        assertThat(refused.raw().headers().firstValue("x-ratelimit-remaining-tokens"))
                .contains("0");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    @Order(2)
    void aMonthlyQuotaResetsAtTheMonthBoundary() {
        clock.set(LAST_MINUTES_OF_JANUARY);
        ApiClient caller = keyWith("{\"monthlyTokens\":" + QUOTA + "}");
        long used = spendTheQuota(caller);
        assertThat(used)
                .as("at most the last request in flight's answer past the quota")
                .isLessThan(QUOTA + 50);

        clock.set(Instant.parse("2027-02-01T00:00:05Z"));

        var february = chat(caller);
        assertThat(february.status()).as(february.toString()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void aMonthlyQuotaHoldsAcrossARestart() {
        clock.set(LAST_MINUTES_OF_JANUARY.plusSeconds(60));
        ApiClient caller = keyWith("{\"monthlyTokens\":" + QUOTA + "}");
        spendTheQuota(caller);

        server.close();
        server = start();

        // the replica is adopted after the restart; until the routing table has it ready, calls get a 503
        var refused = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> server.client(caller.apiKey()).postJson("/v1/chat/completions", chatBody()),
                        answer -> answer.status() != 503);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.body()).contains("insufficient_quota", QUOTA + " tokens", "renews on 2027-02-01");
    }

    /** Chats until the quota refuses; answers the tokens the answers used. */
    private long spendTheQuota(ApiClient caller) {
        long used = 0;
        for (int i = 0; i < 20; i++) {
            var answer = chat(caller);
            if (answer.status() == 429) {
                assertThat(answer.body()).contains("insufficient_quota", "monthly quota of " + QUOTA + " tokens");
                assertThat(used).as("refused only once the quota was used").isGreaterThan(QUOTA - 20);
                return used;
            }
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            used += answer.json().at("/usage/total_tokens").asLong();
        }
        throw new AssertionError("20 answers and no refusal from a quota of " + QUOTA + " tokens");
    }

    private ApiClient.Response chat(ApiClient caller) {
        return caller.postJson("/v1/chat/completions", chatBody());
    }

    private static String chatBody() {
        return "{\"model\":\"quota\",\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}],\"max_tokens\":"
                + MAX_TOKENS + ",\"temperature\":0,\"seed\":7}";
    }

    private ApiClient keyWith(String limits) {
        var created = server.admin()
                .postJson(
                        "/api/v1/api-keys", "{\"name\":\"quota-" + UUID.randomUUID() + "\",\"limits\":" + limits + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return server.client(created.json().get("key").asString());
    }

    private RunningServer start() {
        Map<String, Object> settings = new HashMap<>(database);
        settings.put("hangar.registry.model-roots", sources.toString());
        settings.put("hangar.replicas.stop-on-exit", "true");
        return RunningServer.start(home, settings, clock);
    }
}
