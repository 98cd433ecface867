package dev.hangar.server.database;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.StartupProblem;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Which database Hangar uses: the embedded H2 file under HANGAR_HOME by default, or the
 * PostgreSQL that HANGAR_DATABASE_URL names (as a JDBC URL or a {@code postgres://user:pass@host/db} URL).
 */
public record DatabaseTarget(DatabaseKind kind, String jdbcUrl, String user, String password) {

    /** The kinds of database the migrations run on. */
    public enum DatabaseKind {
        H2("H2 (embedded file)"),
        POSTGRESQL("PostgreSQL");

        private final String label;

        DatabaseKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static DatabaseTarget resolve(HangarProperties.Database settings, HangarHome home) {
        String user = settings.user() == null ? "" : settings.user();
        String password = settings.password() == null ? "" : settings.password();
        if (settings.externalUrl().isEmpty()) {
            String path = home.databaseDirectory().resolve("hangar").toString();
            return new DatabaseTarget(
                    DatabaseKind.H2,
                    // WRITE_DELAY=0: a commit reaches the file before it returns, so a killed server loses no
                    // committed change (H2 otherwise writes up to half a second later). DB_CLOSE_ON_EXIT=FALSE:
                    // the connection pool closes the database after the last shutdown work, not H2's own hook
                    // in the middle of it.
                    "jdbc:h2:file:" + path
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
                            + ";DB_CLOSE_ON_EXIT=FALSE",
                    "sa",
                    "");
        }
        String url = settings.externalUrl().get().trim();
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseTarget(DatabaseKind.POSTGRESQL, url, user, password);
        }
        if (url.startsWith("jdbc:h2:")) {
            return new DatabaseTarget(DatabaseKind.H2, url, user.isEmpty() ? "sa" : user, password);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return fromPostgresUri(url, user, password);
        }
        throw new StartupProblem(
                "HANGAR_DATABASE_URL must be a PostgreSQL URL, not '" + redact(url) + "'.",
                "Use jdbc:postgresql://host:5432/hangar or postgres://user:password@host:5432/hangar,"
                        + " or unset it for the embedded database under HANGAR_HOME.");
    }

    private static DatabaseTarget fromPostgresUri(String url, String user, String password) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StartupProblem("HANGAR_DATABASE_URL is not a valid URL: " + redact(url), "Fix the URL.");
        }
        if (uri.getHost() == null) {
            throw new StartupProblem("HANGAR_DATABASE_URL names no host: " + redact(url), "Add the host name.");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && user.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0 && password.isEmpty()) {
                password = decode(userInfo.substring(colon + 1));
            }
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
        return new DatabaseTarget(DatabaseKind.POSTGRESQL, jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without any password it may carry, for logs and the system API. */
    public String displayUrl() {
        return redact(jdbcUrl);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
    }

    @Override
    public String toString() {
        return kind + " " + displayUrl();
    }
}
