package dev.hangar.server.ui;

import java.io.IOException;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Finds a file of the UI, or {@code index.html} for a path the UI's router owns, so that a reload
 * of {@code /endpoints/chat-1.5} shows that page. Any other missing path stays 404: the server's
 * APIs, and files that are not there.
 */
class UiRouteResolver extends PathResourceResolver {

    /** The first segments of the routes in ui/src/router.ts (names in them may hold dots). */
    private static final Set<String> UI_ROUTES = Set.of("", "login", "models", "endpoints", "playground", "api-keys");

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
        return UI_ROUTES.contains(slash < 0 ? path : path.substring(0, slash));
    }
}
