package dev.hangar.server.auth;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiProblem;
import dev.hangar.server.problem.ErrorResponses;
import dev.hangar.server.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds out who calls {@code /api} and {@code /v1}: a {@code Bearer} API key, checked against the
 * database on every request (so revocation is immediate), or else the browser session set by
 * login. A key that is present but wrong is refused here with 401, even when a session exists.
 * Without a key, a write another site's page sends is refused with 403 ({@link CrossSiteRequests}).
 * On {@code /metrics} the scrape token counts too ({@link MetricsScrapeToken}).
 */
class HangarAuthenticationFilter extends OncePerRequestFilter {

    static final String SESSION_USER = "hangar.userId";
    /** The user's session epoch when the session began; the session ends when the user's moves on. */
    static final String SESSION_EPOCH = "hangar.sessionEpoch";

    private static final String BEARER = "Bearer ";

    private final ApiKeyChecker keys;
    private final BrowserSessions sessions;
    private final ErrorResponses responses;
    private final KeyAdvice advice;
    private final MetricsScrapeToken scrapeToken;

    HangarAuthenticationFilter(
            ApiKeyChecker keys,
            BrowserSessions sessions,
            ErrorResponses responses,
            KeyAdvice advice,
            MetricsScrapeToken scrapeToken) {
        this.keys = keys;
        this.sessions = sessions;
        this.responses = responses;
        this.advice = advice;
        this.scrapeToken = scrapeToken;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/")
                || path.startsWith("/v1/")
                || path.equals("/v1")
                || path.startsWith("/health")
                || path.equals("/ready")
                || path.equals(MetricsScrapeToken.PATH));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() == BEARER.length()) {
                refuse(request, response, advice.add(MessageCode.AUTH_BAD_HEADER.with()));
                return;
            }
            String presented = header.substring(BEARER.length()).trim();
            if (scrapeToken.presentedOnMetrics(request.getRequestURI(), presented)) {
                authenticate(MetricsScrapeToken.scraper());
            } else {
                switch (keys.check(presented)) {
                    case ApiKeyChecker.Check.Valid valid -> authenticate(valid.user());
                    case ApiKeyChecker.Check.Invalid invalid -> {
                        refuse(request, response, advice.add(invalid.reason()));
                        return;
                    }
                }
            }
        } else if (CrossSiteRequests.isCrossSiteWrite(request)) {
            responses.write(
                    request, response, ApiProblem.of(ProblemType.FORBIDDEN, MessageCode.AUTH_CROSS_SITE.with()));
            return;
        } else {
            sessionUser(request).ifPresent(this::authenticate);
        }
        chain.doFilter(request, response);
    }

    private Optional<AuthenticatedUser> sessionUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : sessions.user(session);
    }

    private void authenticate(AuthenticatedUser user) {
        List<SimpleGrantedAuthority> authorities = user.isAdmin()
                ? List.of(
                        new SimpleGrantedAuthority(Role.ADMIN.authority()),
                        new SimpleGrantedAuthority(Role.USER.authority()))
                : List.of(new SimpleGrantedAuthority(user.role().authority()));
        authenticate(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
    }

    private static void authenticate(Authentication authentication) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Message reason) throws IOException {
        responses.write(request, response, ApiProblem.of(ProblemType.UNAUTHORIZED, reason));
    }
}
