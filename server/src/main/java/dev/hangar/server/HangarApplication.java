package dev.hangar.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** The Spring Boot application of the control plane; started by {@link HangarMain}'s {@code serve}. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class HangarApplication {

    /** Starts the control plane directly; {@link HangarMain} is the entry users run. */
    public static void main(String[] args) {
        SpringApplication.run(HangarApplication.class, args);
    }
}
