package dev.hangar.server.telemetry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How {@code GET /api/v1/usage} groups requests: by user, by API key (the default), by endpoint, or
 * by endpoint and LoRA adapter (a row without {@code adapter} is the endpoint's model itself).
 */
public enum UsageGrouping {
    USER("g.user_id, u.username"),
    KEY("g.user_id, u.username, g.api_key_id, k.name"),
    ENDPOINT("g.endpoint_name"),
    ADAPTER("g.endpoint_name, g.adapter");

    private final String columns;

    UsageGrouping(String columns) {
        this.columns = columns;
    }

    String columns() {
        return columns;
    }

    UsageRow row(ResultSet rs, long requests, long prompt, long completion, double cost) throws SQLException {
        String user = this == ENDPOINT || this == ADAPTER ? null : username(rs);
        String keyId = this == KEY ? keyId(rs) : null;
        String keyName = this == KEY ? rs.getString("name") : null;
        String endpoint = this == ENDPOINT || this == ADAPTER ? rs.getString("endpoint_name") : null;
        String adapter = this == ADAPTER ? rs.getString("adapter") : null;
        return new UsageRow(
                user,
                keyId,
                keyName,
                endpoint,
                adapter == null || adapter.isEmpty() ? null : adapter,
                requests,
                prompt,
                completion,
                prompt + completion,
                cost);
    }

    /** The key's id; null for what was used in a browser session. */
    private static String keyId(ResultSet rs) throws SQLException {
        String id = rs.getString("api_key_id");
        return id == null || id.isEmpty() ? null : id;
    }

    private static String username(ResultSet rs) throws SQLException {
        String name = rs.getString("username");
        return name != null ? name : rs.getString("user_id");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
