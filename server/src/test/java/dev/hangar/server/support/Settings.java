package dev.hangar.server.support;

import dev.hangar.server.home.HangarProperties;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link HangarProperties} bound the way the server binds them, from {@code hangar.*} keys (e.g.
 * {@code "hangar.registry.model-roots"}), with the documented defaults for every key left out: tests
 * name only the settings they are about, and a new setting never touches them.
 */
public final class Settings {

    private Settings() {}

    public static HangarProperties hangar(Map<String, ?> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("hangar", HangarProperties.class);
    }
}
