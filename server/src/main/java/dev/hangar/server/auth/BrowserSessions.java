package dev.hangar.server.auth;

import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who a browser session (begun by login) belongs to, for the servlet filter and the edge alike:
 * its user while the session's epoch lasts and the user is enabled. A session that outlived its
 * user's epoch (a password change, a disabled user) is ended. Reads the database.
 */
@Component
public class BrowserSessions {

    private final UserService users;

    BrowserSessions(UserService users) {
        this.users = users;
    }

    public Optional<AuthenticatedUser> user(HttpSession session) {
        if (!(session.getAttribute(HangarAuthenticationFilter.SESSION_USER) instanceof String userId)
                || !(session.getAttribute(HangarAuthenticationFilter.SESSION_EPOCH) instanceof Integer epoch)) {
            return Optional.empty();
        }
        Optional<User> user = users.findForSession(userId, epoch);
        if (user.isEmpty()) {
            session.invalidate();
        }
        return user.map(u ->
                new AuthenticatedUser(u.id(), u.username(), u.role(), Optional.empty(), KeyLimits.NONE, u.limits()));
    }
}
