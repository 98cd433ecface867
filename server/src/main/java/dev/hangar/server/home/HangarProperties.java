package dev.hangar.server.home;

import java.nio.file.Path;
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

    public Optional<String> fixedSecretKey() {
        return Optional.ofNullable(secretKey).filter(k -> !k.isBlank());
    }
}
