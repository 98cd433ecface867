package dev.hangar.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * Recognises a write a browser sends on behalf of another site (CSRF), on top of the session
 * cookie's {@code SameSite=Strict}: {@code Sec-Fetch-Site} decides when the browser sends it (it
 * does on HTTPS and localhost, also behind a proxy that ends TLS); else an {@code Origin} must be
 * the server's own. Requests without either (curl, scripts) are not a browser's and pass.
 */
public final class CrossSiteRequests {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private CrossSiteRequests() {}

    static boolean isCrossSiteWrite(HttpServletRequest request) {
        return isCrossSiteWrite(
                request.getMethod(),
                request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Origin"),
                request.getScheme() + "://" + request.getHeader("Host"));
    }

    /** The same from a request's method, headers ({@code null} where absent) and its own origin ({@code scheme://host}). */
    public static boolean isCrossSiteWrite(String method, String fetchSite, String origin, String ownOrigin) {
        if (SAFE_METHODS.contains(method)) {
            return false;
        }
        if (fetchSite != null) {
            return !OWN_SITE.contains(fetchSite);
        }
        return origin != null && !origin.equalsIgnoreCase(ownOrigin);
    }
}
