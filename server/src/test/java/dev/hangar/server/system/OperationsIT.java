package dev.hangar.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What an operator and their tools reach without a key: health, readiness, metrics, API docs; and the admin system view. */
class OperationsIT extends ServerTest {

    @Test
    void healthAndReadinessAreOpenAndUp() {
        var health = anonymous().get("/health");
        var ready = anonymous().get("/ready");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.json().has("components")).as("details are for admins").isFalse();
        var detailed = admin().get("/ready");
        assertThat(detailed.json().at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(detailed.json().at("/components/migrations/status").asString())
                .isEqualTo("UP");
        assertThat(detailed.json().at("/components/migrations/details/pending").asInt())
                .isZero();
        assertThat(anonymous().get("/health/all").body())
                .doesNotContain(HOME.toString())
                .doesNotContain("diskSpace");
    }

    @Test
    void metricsArePrometheusTextWithJvmHttpServerAndHangarSeries() {
        admin().get("/api/v1/auth/me");

        var metrics = admin().get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds_count")
                .contains("hangar_auth_api_key_checks_total{application=\"hangar\",result=\"accepted\"}");
    }

    @Test
    void openApiSpecDocumentsTheApiAndTheUiIsServed() throws Exception {
        var spec = anonymous().get("/docs/openapi.json");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.json().get("openapi").asString()).startsWith("3.");
        assertThat(spec.json().at("/paths").propertyNames())
                .contains("/api/v1/api-keys", "/api/v1/system", "/api/v1/auth/login");

        HttpClient redirecting = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> ui = redirecting.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    @Test
    void systemViewTellsVersionDatabaseHomeAndMachine() {
        ApiClient.Response system = admin().get("/api/v1/system");

        assertThat(system.status()).isEqualTo(200);
        var json = system.json();
        assertThat(json.get("version").asString()).isNotBlank();
        assertThat(json.at("/database/kind").asString()).isEqualTo("h2");
        assertThat(json.get("home").asString())
                .isEqualTo(HOME.toAbsolutePath().normalize().toString());
        assertThat(json.at("/machine/cpus").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.at("/machine/memoryBytes").asLong()).isPositive();
        assertThat(json.at("/machine/gpus").isArray()).isTrue();
        assertThat(json.get("uptimeSeconds").asLong()).isNotNegative();
    }

    @Test
    void everyAnswerCarriesARequestIdAndEchoesASaneOne() {
        var fresh = anonymous().get("/health");
        ApiClient client = anonymous();
        var echoed = client.send(client.request("/health").header("X-Request-Id", "trace-123"));

        assertThat(fresh.raw().headers().firstValue("X-Request-Id")).isPresent();
        assertThat(echoed.raw().headers().firstValue("X-Request-Id")).hasValue("trace-123");
    }
}
