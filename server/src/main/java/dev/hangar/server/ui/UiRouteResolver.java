package dev.hangar.server.ui;

import java.io.IOException;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Finds a file of the UI, or {@code index.html} for any other page address, so that a reload of
 * {@code /endpoints/chat-1.5} shows that page and an unknown address shows the UI's own "no such
 * page" with a way back. The server's interfaces ({@code /api}, {@code /v1}, …), the hashed assets
 * and missing files (a last segment with an extension) stay 404 with their JSON errors.
 */
class UiRouteResolver extends PathResourceResolver {

    /** The first segments of the routes in ui/src/router.ts (names in them may hold dots). */
    private static final Set<String> UI_ROUTES =
            Set.of("", "login", "overview", "models", "endpoints", "playground", "usage", "api-keys", "users");

    /** First segments the server's own interfaces answer, where an unknown path is an API error. */
    private static final Set<String> SERVER_PREFIXES =
            Set.of("api", "v1", "v2", "hf", "docs", "assets", "metrics", "health", "ready");

    @Override
    protected Resource getResource(String resourcePath, Resource location) throws IOException {
        Resource file = super.getResource(resourcePath, location);
        if (file != null || !isUiRoute(resourcePath)) {
            return file;
        }
        return super.getResource("index.html", location);
    }

    static boolean isUiRoute(String path) {
        int slash = path.indexOf('/');
        String first = slash < 0 ? path : path.substring(0, slash);
        if (UI_ROUTES.contains(first)) {
            return true;
        }
        return !SERVER_PREFIXES.contains(first) && !looksLikeAFile(path);
    }

    private static boolean looksLikeAFile(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.lastIndexOf('.') > 0;
    }
}
