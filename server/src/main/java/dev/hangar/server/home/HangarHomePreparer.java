package dev.hangar.server.home;

import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Creates HANGAR_HOME (mode 700) as soon as the settings are known, before the logging system
 * creates {@code logs/} inside it with everyone's read access.
 */
class HangarHomePreparer implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        String home = event.getEnvironment().getProperty("hangar.home");
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home).toAbsolutePath().normalize();
            HangarHome.createPrivateDirectory(root);
            HangarHome.createPrivateDirectory(root.resolve("logs"));
        }
    }

    @Override
    public int getOrder() {
        // Before Spring Boot's LoggingApplicationListener (HIGHEST_PRECEDENCE + 20).
        return Ordered.HIGHEST_PRECEDENCE + 15;
    }
}
