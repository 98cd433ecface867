package dev.hangar.server.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every kind of error the API answers, with its stable problem {@code type} URI (RFC 9457) and the
 * OpenAI error {@code type} the gateway uses for the same case. docs/api.md lists them.
 *
 * <p>{@link #INSUFFICIENT_MEMORY} is a 422, not a 409: what does not fit is the request itself (this
 * model with these engine arguments, replicas and resource); the client fixes it by asking for
 * less or for a bigger resource, while 409 here means a taken name or a state that forbids the action.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "invalid_request_error"),
    VALIDATION("validation", HttpStatus.BAD_REQUEST, "invalid_request_error"),
    MALFORMED_BODY("malformed-body", HttpStatus.BAD_REQUEST, "invalid_request_error"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "authentication_error"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "permission_error"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "not_found_error"),
    /** The gateway's 404 for a {@code model} the caller cannot use; OpenAI clients know the code {@code model_not_found}. */
    MODEL_NOT_FOUND("model-not-found", HttpStatus.NOT_FOUND, "invalid_request_error"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "invalid_request_error"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "invalid_request_error"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error"),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "api_error"),
    BAD_GATEWAY("bad-gateway", HttpStatus.BAD_GATEWAY, "api_error"),
    RATE_LIMIT_EXCEEDED("rate-limit-exceeded", HttpStatus.TOO_MANY_REQUESTS, "requests"),
    INSUFFICIENT_QUOTA("insufficient-quota", HttpStatus.TOO_MANY_REQUESTS, "insufficient_quota"),
    /** A user holds as many keys, endpoints or replicas as an admin allowed them; 409 like a taken name. */
    LIMIT_REACHED("limit-reached", HttpStatus.CONFLICT, "invalid_request_error"),
    INSUFFICIENT_STORAGE("insufficient-storage", HttpStatus.INSUFFICIENT_STORAGE, "api_error"),
    INSUFFICIENT_MEMORY("insufficient-memory", HttpStatus.UNPROCESSABLE_CONTENT, "invalid_request_error"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "api_error");

    /** Where the problem types live; relative, so that it resolves against the server answering. */
    static final String BASE = "/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String openAiType;

    ProblemType(String slug, HttpStatus status, String openAiType) {
        this.slug = slug;
        this.status = status;
        this.openAiType = openAiType;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return status.getReasonPhrase();
    }

    /**
     * The message code of {@link #title()}, {@code problemType.<slug>}: the UI's copy of the catalog
     * holds each type's title under it, translated, and shows a problem's title from its type.
     */
    public String titleCode() {
        return "problemType." + slug;
    }

    String openAiType() {
        return openAiType;
    }

    /** The type for a status code that no handler gave a more precise type. */
    static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status.value() == status
                    && type != VALIDATION
                    && type != MALFORMED_BODY
                    && type != INSUFFICIENT_MEMORY) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
