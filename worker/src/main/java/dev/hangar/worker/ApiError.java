package dev.hangar.worker;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request the worker answers with an error in OpenAI's shape ({@code {"error": {message, type, param, code}}}),
 * because OpenAI clients parse exactly that.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final Optional<String> param;
    private final Optional<String> code;
    private final OptionalInt retryAfterSeconds;

    private ApiError(
            int status,
            String type,
            String message,
            Optional<String> param,
            Optional<String> code,
            OptionalInt retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError badRequest(String message, String param) {
        return new ApiError(
                400,
                "invalid_request_error",
                message,
                Optional.ofNullable(param),
                Optional.empty(),
                OptionalInt.empty());
    }

    public static ApiError contextExceeded(String message) {
        return new ApiError(
                400,
                "invalid_request_error",
                message,
                Optional.of("messages"),
                Optional.of("context_length_exceeded"),
                OptionalInt.empty());
    }

    public static ApiError unauthorized() {
        return new ApiError(
                401,
                "authentication_error",
                "missing or wrong API key: send 'Authorization: Bearer <key>'",
                Optional.empty(),
                Optional.of("invalid_api_key"),
                OptionalInt.empty());
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found_error", message, Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    /** A request names a model (or an adapter of it) this worker does not serve: OpenAI's {@code model_not_found}. */
    public static ApiError modelNotFound(String message) {
        return new ApiError(
                404,
                "invalid_request_error",
                message,
                Optional.of("model"),
                Optional.of("model_not_found"),
                OptionalInt.empty());
    }

    /** The request clashes with what the worker holds now (a name taken, an adapter in use). */
    public static ApiError conflict(String message, String param) {
        return new ApiError(
                409,
                "invalid_request_error",
                message,
                Optional.ofNullable(param),
                Optional.empty(),
                OptionalInt.empty());
    }

    public static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(
                405,
                "invalid_request_error",
                method + " is not supported on " + path,
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty());
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(
                413,
                "invalid_request_error",
                "request body is larger than " + limit + " bytes",
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty());
    }

    /** Every slot is busy and the wait queue is full; clients retry after {@code retryAfterSeconds}. */
    public static ApiError queueFull(int retryAfterSeconds) {
        return new ApiError(
                429,
                "rate_limit_error",
                "the worker is at capacity: all slots are busy and the wait queue is full",
                Optional.empty(),
                Optional.of("queue_full"),
                OptionalInt.of(retryAfterSeconds));
    }

    /** The worker cannot serve now (loading, draining, or no slot freed in time). */
    public static ApiError unavailable(String message, int retryAfterSeconds) {
        return new ApiError(
                503,
                "server_error",
                message,
                Optional.empty(),
                Optional.of("unavailable"),
                OptionalInt.of(retryAfterSeconds));
    }

    public static ApiError engineFailed(String message) {
        return new ApiError(500, "server_error", message, Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Optional<String> param() {
        return param;
    }

    public Optional<String> code() {
        return code;
    }

    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
