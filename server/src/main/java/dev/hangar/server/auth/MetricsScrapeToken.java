package dev.hangar.server.auth;

import dev.hangar.server.home.HangarProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Prometheus scrape token ({@code HANGAR_METRICS_TOKEN}): presented as a {@code Bearer} token on
 * {@code /metrics} it reads the metrics, and nothing else anywhere.
 */
final class MetricsScrapeToken {

    static final String PATH = "/metrics";
    /** The role a scraper holds on {@link #PATH}: no user, no API key. */
    static final String ROLE = "METRICS_SCRAPER";

    private final Optional<byte[]> token;

    MetricsScrapeToken(HangarProperties.MetricsAccess settings) {
        this.token = settings.scrapeToken().map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Who presented the token: no user, only the scraper's role. */
    static Authentication scraper() {
        return UsernamePasswordAuthenticationToken.authenticated(
                ROLE, null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
    }

    /** Whether this request presents the token on {@code /metrics}. */
    boolean presentedOnMetrics(String path, String presented) {
        return path.equals(PATH)
                && token.isPresent()
                && MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8));
    }
}
