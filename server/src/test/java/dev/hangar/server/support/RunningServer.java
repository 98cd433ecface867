package dev.hangar.server.support;

import dev.hangar.server.HangarApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole Hangar server started and stopped by a test, for what only a restart shows. */
public final class RunningServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path home;

    private RunningServer(ConfigurableApplicationContext context, Path home) {
        this.context = context;
        this.home = home;
    }

    /** Starts a server on a free port with the given HANGAR_HOME and extra {@code hangar.*} settings. */
    public static RunningServer start(Path home, Map<String, Object> settings) {
        Map<String, Object> properties = new LinkedHashMap<>(settings);
        properties.put("hangar.home", home.toString());
        properties.put("server.port", 0);
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HangarApplication.class).run(args);
        return new RunningServer(context, home);
    }

    public static RunningServer start(Path home) {
        return start(home, Map.of());
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public ApiClient client(String apiKey) {
        return new ApiClient("http://localhost:" + port(), apiKey);
    }

    public ApiClient admin() {
        return client(read("admin-api-key"));
    }

    /** Creates a user with role {@code user} and answers a client using an API key of theirs. */
    public ApiClient userWithKey(String name) {
        return TestUsers.withKey(admin(), name);
    }

    public String read(String homeFile) {
        try {
            return Files.readString(home.resolve(homeFile)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
