package dev.hangar.server.telemetry;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.support.Settings;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** Settings for telemetry built by hand: the documented defaults, or the given request-log cap. */
final class TelemetrySettings {

    private TelemetrySettings() {}

    static HangarProperties properties() {
        return properties(DataSize.ofGigabytes(5));
    }

    static HangarProperties properties(DataSize requestLogMaxSize) {
        return Settings.hangar(
                Map.of("hangar.home", "unused", "hangar.telemetry.request-log-max-size", requestLogMaxSize.toString()));
    }
}
