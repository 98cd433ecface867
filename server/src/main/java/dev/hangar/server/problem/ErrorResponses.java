package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link ApiProblem} in the shape the caller's API speaks: RFC 9457
 * {@code application/problem+json} everywhere (with the message's {@code code} and {@code params}
 * beside its English {@code detail}), OpenAI's {@code {"error":{...}}} under {@code /v1},
 * because OpenAI clients parse that. Used by the exception handler and by servlet filters alike.
 */
@Component
public class ErrorResponses {

    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public ResponseEntity<Object> entity(HttpServletRequest request, ApiProblem problem) {
        boolean openAi = isGateway(request);
        return ResponseEntity.status(problem.type().status())
                .contentType(openAi ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON)
                .body(body(request, problem, openAi));
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem) throws IOException {
        boolean openAi = isGateway(request);
        response.setStatus(problem.type().status().value());
        response.setContentType((openAi ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON).toString());
        response.setCharacterEncoding("UTF-8");
        if (problem.type() == ProblemType.UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hangar\"");
        }
        json.writeValue(response.getOutputStream(), body(request, problem, openAi));
    }

    private static boolean isGateway(HttpServletRequest request) {
        String path = originalPath(request);
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    /** The path the client asked for, also while the container forwards an error to {@code /error}. */
    private static String originalPath(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return forwarded instanceof String path ? path : request.getRequestURI();
    }

    /**
     * A problem in OpenAI's error shape, as the gateway answers it: {@code {"error": {message, type,
     * param, code}}}, {@code code} in OpenAI's own vocabulary ({@code model_not_found},
     * {@code rate_limit_exceeded}…), which OpenAI clients branch on; the message's code and
     * parameters, for a UI to show {@code message} in its reader's language, ride beside them.
     */
    public static Map<String, Object> openAiBody(ApiProblem problem) {
        Map<String, Object> error =
                openAiError(problem.message(), problem.type().openAiType());
        error.put(
                "param",
                problem.errors().isEmpty() ? null : problem.errors().getFirst().field());
        error.put("code", problem.type().slug().replace('-', '_'));
        return Map.of("error", error);
    }

    /**
     * The fields of an OpenAI-shaped error every gateway answer has ({@code message}, {@code type}),
     * with {@code message_code} and {@code message_params} (docs/api.md, Messages); the caller adds
     * {@code param} and {@code code}.
     */
    public static Map<String, Object> openAiError(Message message, String type) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message.text());
        error.put("type", type);
        error.put("message_code", message.code());
        error.put("message_params", message.sortedParams());
        return error;
    }

    private static Map<String, Object> fieldBody(FieldProblem field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("field", field.field());
        body.put("code", field.problem().code());
        body.put("params", field.problem().sortedParams());
        body.put("detail", field.problem().text());
        return body;
    }

    private static Object body(HttpServletRequest request, ApiProblem problem, boolean openAi) {
        if (openAi) {
            return openAiBody(problem);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type().uri().toString());
        body.put("title", problem.type().title());
        body.put("status", problem.type().status().value());
        body.put("detail", problem.detail());
        body.put("code", problem.message().code());
        body.put("params", problem.message().sortedParams());
        body.put("instance", originalPath(request));
        if (!problem.errors().isEmpty()) {
            body.put(
                    "errors",
                    problem.errors().stream().map(ErrorResponses::fieldBody).toList());
        }
        problem.existingId().ifPresent(id -> body.put("existingId", id));
        return body;
    }
}
