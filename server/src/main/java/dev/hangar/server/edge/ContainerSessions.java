package dev.hangar.server.edge;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.apache.catalina.util.SessionConfig;
import org.springframework.stereotype.Component;

/**
 * The servlet container's sessions (those login starts) as the edge finds them for a request it
 * serves itself: by the session cookie, touched as a request of the session would touch it. The
 * {@link EdgeInstaller} hands over the container's context when it is made.
 */
@Component
public class ContainerSessions {

    private volatile Context context;

    void attach(Context context) {
        this.context = context;
    }

    /** The live session the {@code Cookie} header names; empty when it names none (or one that expired). */
    public Optional<HttpSession> find(String cookieHeader) {
        Context current = context;
        if (current == null || cookieHeader == null) {
            return Optional.empty();
        }
        String name = SessionConfig.getSessionCookieName(current);
        for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(cookieHeader)) {
            if (cookie.name().equals(name)) {
                Optional<HttpSession> session = find(current, cookie.value());
                if (session.isPresent()) {
                    return session;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<HttpSession> find(Context context, String id) {
        try {
            Session session = context.getManager().findSession(id);
            if (session == null || !session.isValid()) {
                return Optional.empty();
            }
            session.access();
            session.endAccess();
            return Optional.of(session.getSession());
        } catch (IOException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
