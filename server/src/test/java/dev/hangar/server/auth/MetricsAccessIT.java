package dev.hangar.server.auth;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ServerTest;
import org.junit.jupiter.api.Test;

/** Prometheus {@code /metrics} names every endpoint and its traffic: admins and the scrape token only. */
class MetricsAccessIT extends ServerTest {

    @Test
    void anonymousMetricsAreRefused() {
        assertProblem(anonymous().get("/metrics"), 401, "unauthorized");
        assertProblem(anonymous().withKey("not-the-token").get("/metrics"), 401, "unauthorized");
    }

    @Test
    void theScrapeTokenReadsMetrics() {
        var metrics = anonymous().withKey(METRICS_TOKEN).get("/metrics");

        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(admin().get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void aUserKeyCannotReadMetrics() {
        assertProblem(userWithKey(unique("curious")).get("/metrics"), 403, "forbidden");
        assertProblem(anonymous().withKey(METRICS_TOKEN).get("/api/v1/auth/me"), 401, "unauthorized");
    }
}
