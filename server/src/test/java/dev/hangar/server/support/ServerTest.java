package dev.hangar.server.support;

import dev.hangar.server.HangarApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests against a real server on a random port with its own fresh HANGAR_HOME and H2
 * database. Subclasses share one running server (Spring's context cache), so tests create what
 * they need under unique names instead of assuming an empty database.
 */
@SpringBootTest(classes = HangarApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTest {

    protected static final Path HOME = createHome();
    /** Where tests put the model and dataset files they import: the allowed root (HANGAR_HOME itself is not). */
    protected static final Path SOURCES = createHome();
    /** The Prometheus scrape token ({@code HANGAR_METRICS_TOKEN}) of the servers these tests start. */
    protected static final String METRICS_TOKEN = "scrape-" + UUID.randomUUID();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void hangarHome(DynamicPropertyRegistry registry) {
        registry.add("hangar.home", HOME::toString);
        registry.add("hangar.registry.model-roots", SOURCES::toString);
        // Tests register files as users too: an admin grants them the same directory.
        registry.add("hangar.registry.user-model-roots", SOURCES::toString);
        // Replicas outlive a server by default; the test JVM must not leave workers behind.
        registry.add("hangar.replicas.stop-on-exit", () -> "true");
        // Stand-in providers listen on loopback under the name localhost (StandInProvider#baseUrl);
        // loopback addresses themselves, where replicas listen, stay refused to routers.
        registry.add("hangar.routers.allowed-hosts", () -> "localhost");
        registry.add("hangar.metrics.token", () -> METRICS_TOKEN);
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected ApiClient anonymous() {
        return new ApiClient(baseUrl(), null);
    }

    protected ApiClient admin() {
        return new ApiClient(baseUrl(), adminKey());
    }

    /** Creates a user with role {@code user} and answers a client logged in as them (a browser session). */
    protected ApiClient loggedInUser(String name) {
        return TestUsers.loggedIn(admin(), name);
    }

    /** Creates a user with role {@code user} and answers a client using an API key of theirs. */
    protected ApiClient userWithKey(String name) {
        return TestUsers.withKey(admin(), name);
    }

    protected static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String adminKey() {
        try {
            return Files.readString(HOME.resolve("admin-api-key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createHome() {
        try {
            Path home = Files.createTempDirectory("hangar-test-home");
            home.toFile().deleteOnExit();
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
