package dev.hangar.server.problem;

import java.util.List;

/**
 * An error a feature raises on purpose; it becomes a problem+json answer (or OpenAI's error shape
 * under {@code /v1}) with the given type and detail. The detail is shown to the client: write a
 * sentence a person can act on, and never put a secret in it.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldProblem> errors;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<FieldProblem> errors) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String what, String idOrName) {
        return new ApiException(
                ProblemType.NOT_FOUND, "No " + what + " '" + idOrName + "' exists, or you may not see it.");
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(
                ProblemType.VALIDATION, field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
