package dev.hangar.server.home;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code hangar.*} setting; application.yml maps the documented environment variables
 * (HANGAR_HOME, HANGAR_DATABASE_URL, ...) onto them. docs/configuration.md lists them all.
 */
@ConfigurationProperties("hangar")
public record HangarProperties(
        Path home,
        @DefaultValue Database database,
        @DefaultValue Admin admin,
        @DefaultValue Api api,
        @DefaultValue Registry registry,
        @DefaultValue Replicas replicas,
        String secretKey) {

    /** An external database; empty means the embedded H2 file database under {@code home}. */
    public record Database(String url, String user, String password) {
        public Optional<String> externalUrl() {
            return Optional.ofNullable(url).filter(u -> !u.isBlank());
        }
    }

    /** Values for the first admin instead of generated ones. */
    public record Admin(String apiKey, String password) {
        public Optional<String> fixedApiKey() {
            return Optional.ofNullable(apiKey).filter(k -> !k.isBlank());
        }

        public Optional<String> fixedPassword() {
            return Optional.ofNullable(password).filter(p -> !p.isEmpty());
        }
    }

    /** Request body limits: management API and OpenAI-compatible gateway. */
    public record Api(
            @DefaultValue("1MB") DataSize maxBodySize,
            @DefaultValue("32MB") DataSize maxGatewayBodySize) {}

    /**
     * The model registry: directories local imports may come from (empty: the user's home and
     * HANGAR_HOME), how many imports run at once, and how often ready models' files are re-checked.
     */
    public record Registry(
            List<Path> modelRoots,
            @DefaultValue("2") int importConcurrency,
            @DefaultValue("5m") Duration verifyInterval) {
        public Registry {
            modelRoots = modelRoots == null ? List.of() : List.copyOf(modelRoots);
        }
    }

    /**
     * Replicas run on this machine: the ports they may listen on ({@code portFrom} to {@code portTo},
     * both included), and how their log files rotate (past {@code logMaxSize}, keeping {@code logFiles}
     * older files besides the live one).
     */
    public record Replicas(
            @DefaultValue("8100") int portFrom,
            @DefaultValue("8199") int portTo,
            @DefaultValue("10MB") DataSize logMaxSize,
            @DefaultValue("3") int logFiles) {}

    public Optional<String> fixedSecretKey() {
        return Optional.ofNullable(secretKey).filter(k -> !k.isBlank());
    }
}
