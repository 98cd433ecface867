package dev.hangar.server.gateway;

import dev.hangar.server.auth.ApiKeyService;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ApiProblem;
import dev.hangar.server.problem.ErrorResponses;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.problem.RequestBodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's data plane for API-key callers: an inference request with a {@code Bearer} key is
 * authenticated from the key cache and routed here, right after the request id and body limit,
 * without the security filter chain and the MVC dispatch, which cost the gateway as much CPU per
 * request as the routing and relaying itself. The answers are the same as through
 * {@link InferenceController}, which still serves browser sessions (the playground) and whatever
 * this path passes on: other methods, other paths and malformed {@code Authorization} headers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class GatewayFastPath extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final Map<String, InferenceKind> KINDS = Map.of(
            "/v1/chat/completions", InferenceKind.CHAT,
            "/v1/completions", InferenceKind.COMPLETION,
            "/v1/embeddings", InferenceKind.EMBEDDING);

    private final ApiKeyService keys;
    private final InferenceRouter router;
    private final ErrorResponses responses;
    private final JsonMapper json;

    GatewayFastPath(ApiKeyService keys, InferenceRouter router, ErrorResponses responses, JsonMapper json) {
        this.keys = keys;
        this.router = router;
        this.responses = responses;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return !"POST".equals(request.getMethod())
                || !KINDS.containsKey(request.getRequestURI())
                || header == null
                || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        String key =
                request.getHeader("Authorization").substring(BEARER.length()).trim();
        try {
            switch (keys.check(key)) {
                case ApiKeyService.Check.Invalid invalid ->
                    throw new ApiException(ProblemType.UNAUTHORIZED, invalid.reason());
                case ApiKeyService.Check.Valid valid -> {
                    byte[] body = request.getInputStream().readAllBytes();
                    InferenceKind kind = KINDS.get(request.getRequestURI());
                    router.route(valid.user(), RoutedRequest.parse(kind, body, json), response);
                }
            }
        } catch (ApiException e) {
            refuse(request, response, ApiProblem.from(e));
        } catch (RequestBodyTooLargeException e) {
            refuse(request, response, ApiProblem.of(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage()));
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
            throws IOException {
        if (!response.isCommitted()) {
            responses.write(request, response, problem);
        }
    }
}
