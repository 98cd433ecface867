package dev.hangar.server.problem;

import java.util.List;
import java.util.Optional;

/** What went wrong with one request, before it is written in the caller's error shape. */
public record ApiProblem(ProblemType type, String detail, List<FieldProblem> errors, Optional<String> existingId) {

    public ApiProblem {
        errors = List.copyOf(errors);
    }

    public static ApiProblem of(ProblemType type, String detail) {
        return new ApiProblem(type, detail, List.of(), Optional.empty());
    }

    public static ApiProblem from(ApiException e) {
        Optional<String> existing =
                e instanceof ConflictException conflict ? Optional.ofNullable(conflict.existingId()) : Optional.empty();
        return new ApiProblem(e.type(), e.getMessage(), e.errors(), existing);
    }
}
