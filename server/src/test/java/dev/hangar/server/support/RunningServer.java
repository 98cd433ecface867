package dev.hangar.server.support;

import dev.hangar.server.HangarApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

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
        return start(home, settings, new SpringApplicationBuilder(HangarApplication.class));
    }

    /** The same, with {@code clock} instead of the system's (the {@link Clock} bean every feature reads time from). */
    public static RunningServer start(Path home, Map<String, Object> settings, Clock clock) {
        return start(home, settings, new SpringApplicationBuilder(HangarApplication.class).initializers(with(clock)));
    }

    /** The same, with {@code clock}, and {@code probe} applied to the server's beans (a test's watch on them). */
    public static RunningServer start(Path home, Map<String, Object> settings, Clock clock, BeanPostProcessor probe) {
        return start(
                home,
                settings,
                new SpringApplicationBuilder(HangarApplication.class)
                        .initializers(
                                with(clock), context -> context.getBeanFactory().addBeanPostProcessor(probe)));
    }

    private static ApplicationContextInitializer<ConfigurableApplicationContext> with(Clock clock) {
        return context -> ((GenericApplicationContext) context)
                .registerBean("testClock", Clock.class, () -> clock, bean -> bean.setPrimary(true));
    }

    private static RunningServer start(Path home, Map<String, Object> settings, SpringApplicationBuilder builder) {
        Map<String, Object> properties = new LinkedHashMap<>(settings);
        properties.put("hangar.home", home.toString());
        properties.put("server.port", 0);
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = builder.run(args);
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
