package dev.hangar.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
    void systemViewShowsTheSettingsButNoSecret() throws Exception {
        var system = admin().get("/api/v1/system");

        assertThat(system.status()).as(system.toString()).isEqualTo(200);
        var settings = system.json().get("settings");
        Path home = HOME.toAbsolutePath().normalize();
        assertThat(settings.at("/directories/models").asString())
                .isEqualTo(home.resolve("models").toString());
        assertThat(settings.at("/directories/logs").asString())
                .isEqualTo(home.resolve("logs").toString());
        assertThat(settings.at("/directories/userModelRoots/0").asString()).isEqualTo(SOURCES.toString());
        Path jar = Path.of("..", "worker", "target", "hangar-worker.jar")
                .toAbsolutePath()
                .normalize();
        assertThat(Path.of(settings.at("/worker/jar").asString()).toRealPath()).isEqualTo(jar.toRealPath());
        assertThat(settings.at("/worker/llamaCppReleases/0").asString()).isEqualTo(llamaReleaseIn(jar));
        assertThat(settings.at("/newUserLimits/maxKeys").asInt())
                .as("the documented default")
                .isEqualTo(50);
        assertThat(settings.at("/requests/maxBodyBytes").asLong()).isEqualTo(1024 * 1024);
        assertThat(settings.at("/replicas/portFrom").asInt())
                .isEqualTo(Integer.parseInt(System.getenv().getOrDefault("HANGAR_REPLICA_PORT_FROM", "8100")));
        assertThat(settings.at("/replicas/stopOnExit").asBoolean())
                .as("the tests' servers stop them")
                .isTrue();
        assertThat(settings.get("metricsTokenSet").asBoolean()).isTrue();
        assertThat(system.body()).doesNotContain(METRICS_TOKEN).doesNotContain(adminKey());
        assertThat(userWithKey(unique("curious")).get("/api/v1/system").status())
                .isEqualTo(403);
    }

    /** The release the worker's build wrote into the jar for this machine's platform (linux-x64 on the build hosts). */
    private static String llamaReleaseIn(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry bundle = file.getJarEntry("dev/hangar/worker/native/linux-x64/bundle.properties");
            Properties properties = new Properties();
            properties.load(file.getInputStream(bundle));
            return properties.getProperty("release");
        }
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
