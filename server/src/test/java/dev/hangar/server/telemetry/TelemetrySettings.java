package dev.hangar.server.telemetry;

import dev.hangar.server.home.HangarProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** Settings for telemetry built by hand: the documented defaults, or the given request-log cap. */
final class TelemetrySettings {

    private TelemetrySettings() {}

    static HangarProperties properties() {
        return properties(DataSize.ofGigabytes(5));
    }

    static HangarProperties properties(DataSize requestLogMaxSize) {
        return new HangarProperties(
                Path.of("unused"),
                null,
                null,
                null,
                null,
                null,
                null,
                new HangarProperties.Telemetry(
                        Duration.ofDays(90), Duration.ofDays(400), requestLogMaxSize, Duration.ofSeconds(1)),
                null);
    }
}
