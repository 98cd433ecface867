package dev.hangar.server.gateway;

import dev.hangar.server.support.EmbeddedPostgresServer;
import java.util.Map;

/** {@link QuotaEndToEndContract} on PostgreSQL, as HANGAR_DATABASE_URL selects it. */
class QuotaOnPostgresIT extends QuotaEndToEndContract {

    @Override
    Map<String, Object> database() {
        return Map.of(
                "hangar.database.url",
                EmbeddedPostgresServer.freshDatabase("quota"),
                "hangar.database.user",
                "postgres",
                "hangar.database.password",
                "postgres");
    }
}
