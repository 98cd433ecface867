package dev.hangar.server.auth;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiProblem;
import dev.hangar.server.problem.ErrorResponses;
import dev.hangar.server.problem.ProblemType;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what. Health, readiness, the API docs and the login are open; the rest of
 * {@code /api} and all of {@code /v1} need a key or a session; users and system settings need the
 * admin role; {@code /metrics} needs the admin role or the scrape token, unless made public.
 * Sessions are only created by login; the session cookie is SameSite=Strict and writes with it must
 * come from Hangar's own origin ({@link CrossSiteRequests}), which is why there is no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** No observations of each security filter: they cost the gateway a tenth of its CPU and feed no metric. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            ApiKeyChecker keys,
            BrowserSessions sessions,
            ErrorResponses responses,
            KeyAdvice advice,
            HangarProperties properties)
            throws Exception {
        HangarProperties.MetricsAccess metrics = properties.metrics();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER)
                        // Login already starts a new session; changing its id on every request (Spring's
                        // default) logs the web UI out when it sends two calls at once.
                        .sessionFixation(f -> f.none()))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .addFilterBefore(
                        new HangarAuthenticationFilter(
                                keys, sessions, responses, advice, new MetricsScrapeToken(metrics)),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/login")
                        .permitAll()
                        .requestMatchers(MetricsScrapeToken.PATH)
                        .access(metricsAccess(metrics))
                        .requestMatchers("/api/v1/system", "/api/v1/system/**", "/api/v1/users", "/api/v1/users/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/**", "/v1", "/v1/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, denied) -> responses.write(
                                request,
                                response,
                                ApiProblem.of(
                                        ProblemType.UNAUTHORIZED,
                                        advice.add(MessageCode.AUTH_NEEDS_CREDENTIALS.with()))))
                        .accessDeniedHandler((request, response, denied) -> responses.write(
                                request,
                                response,
                                ApiProblem.of(
                                        ProblemType.FORBIDDEN,
                                        request.getRequestURI().equals(MetricsScrapeToken.PATH)
                                                ? MessageCode.AUTH_ADMIN_OR_SCRAPE_TOKEN.with()
                                                : MessageCode.AUTH_ADMIN_ONLY.with()))));
        return http.build();
    }

    /** {@code /metrics}: everyone when it is public, else admins and the scrape token. */
    private static AuthorizationManager<RequestAuthorizationContext> metricsAccess(
            HangarProperties.MetricsAccess metrics) {
        if (metrics.publicAccess()) {
            return (authentication, context) -> new AuthorizationDecision(true);
        }
        return AuthorityAuthorizationManager.hasAnyRole(Role.ADMIN.name(), MetricsScrapeToken.ROLE);
    }

    /** URLs the firewall refuses ({@code ..}, encoded slashes, …) get a problem answer, not a bare 400. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ErrorResponses responses) {
        return (request, response, rejected) -> responses.write(
                request, response, ApiProblem.of(ProblemType.BAD_REQUEST, MessageCode.PROBLEM_URL_NOT_ALLOWED.with()));
    }
}
