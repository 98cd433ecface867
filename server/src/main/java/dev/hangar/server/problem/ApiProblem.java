package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import java.util.List;
import java.util.Optional;

/** What went wrong with one request, before it is written in the caller's error shape. */
public record ApiProblem(ProblemType type, Message message, List<FieldProblem> errors, Optional<String> existingId) {

    public ApiProblem {
        errors = List.copyOf(errors);
    }

    public static ApiProblem of(ProblemType type, Message message) {
        return new ApiProblem(type, message, List.of(), Optional.empty());
    }

    public static ApiProblem from(ApiException e) {
        Optional<String> existing =
                e instanceof ConflictException conflict ? Optional.ofNullable(conflict.existingId()) : Optional.empty();
        return new ApiProblem(e.type(), e.message(), e.errors(), existing);
    }

    /** The English sentence: problem+json's {@code detail}, OpenAI's {@code message}. */
    public String detail() {
        return message.text();
    }
}
