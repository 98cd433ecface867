package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.util.List;

/**
 * An error a feature raises on purpose; it becomes a problem+json answer (or OpenAI's error shape
 * under {@code /v1}) with the given type and message: its English text is the {@code detail}, its
 * code and parameters let the UI show it in the reader's language. Write a sentence a person can
 * act on, and never put a secret in it.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final Message message;
    private final List<FieldProblem> errors;

    public ApiException(ProblemType type, Message message) {
        this(type, message, List.of());
    }

    public ApiException(ProblemType type, Message message, List<FieldProblem> errors) {
        super(message.text());
        this.type = type;
        this.message = message;
        this.errors = List.copyOf(errors);
    }

    /** @param what the kind of thing, a {@code noun.*} message */
    public static ApiException notFound(Message what, String idOrName) {
        return new ApiException(
                ProblemType.NOT_FOUND, MessageCode.PROBLEM_NOT_FOUND.with("what", what, "name", idOrName));
    }

    /** @param what the kind of thing, a {@code noun.*} code without parameters */
    public static ApiException notFound(MessageCode what, String idOrName) {
        return notFound(what.with(), idOrName);
    }

    /** A request with one offending field; the detail is the field and what is wrong with it. */
    public static ApiException invalidField(String field, Message problem) {
        return new ApiException(
                ProblemType.VALIDATION,
                MessageCode.PROBLEM_FIELD.with("field", field, "problem", problem),
                List.of(new FieldProblem(field, problem)));
    }

    /**
     * A request with several offending fields, refused at once: the detail names each field and
     * what is wrong with it ({@code field: problem}, separated by {@code ; }).
     */
    public static ApiException invalidFields(List<FieldProblem> problems) {
        return new ApiException(ProblemType.VALIDATION, invalidFieldsDetail(problems), problems);
    }

    /** The detail of {@link #invalidFields}, for a refusal made elsewhere from the same problems. */
    static Message invalidFieldsDetail(List<FieldProblem> problems) {
        return MessageCode.PROBLEM_INVALID_FIELDS.with(
                "fields",
                String.join(
                        "; ",
                        problems.stream()
                                .map(p -> MessageCode.PROBLEM_FIELD
                                        .with("field", p.field(), "problem", p.problem())
                                        .text())
                                .toList()));
    }

    public ProblemType type() {
        return type;
    }

    public Message message() {
        return message;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
