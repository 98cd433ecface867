package dev.hangar.server.database;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Part of {@code /ready}: the schema is at the version this build expects, with no migration pending or failed. */
@Component("migrations")
class MigrationsHealthIndicator implements HealthIndicator {

    private final Flyway flyway;

    MigrationsHealthIndicator(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public Health health() {
        var info = flyway.info();
        int pending = info.pending().length;
        long failed =
                Arrays.stream(info.all()).filter(m -> m.getState().isFailed()).count();
        var current = info.current();
        Health.Builder health = pending == 0 && failed == 0 ? Health.up() : Health.outOfService();
        return health.withDetail(
                        "schemaVersion",
                        current == null ? "none" : current.getVersion().getVersion())
                .withDetail("pending", pending)
                .withDetail("failed", failed)
                .build();
    }
}
