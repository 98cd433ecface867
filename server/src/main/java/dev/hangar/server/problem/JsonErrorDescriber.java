package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns why a JSON body could not be read into a sentence and the offending field, without
 * Jackson's internal class names: "line 3, column 9: unexpected character", "expiresAt: must be a
 * date-time like 2030-01-01T00:00:00Z", "nme: unknown field; known fields are name, expiresAt".
 */
final class JsonErrorDescriber {

    private JsonErrorDescriber() {}

    static ApiProblem describe(Throwable cause) {
        Optional<JacksonException> jackson = find(cause, JacksonException.class);
        if (jackson.isEmpty()) {
            return ApiProblem.of(ProblemType.MALFORMED_BODY, MessageCode.PROBLEM_BODY_MISSING.with());
        }
        JacksonException e = jackson.get();
        String field = path(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            return field(
                    field,
                    unknown.getKnownPropertyIds() == null
                            ? MessageCode.FIELD_UNKNOWN_NO_LIST.with()
                            : MessageCode.FIELD_UNKNOWN.with(
                                    "known",
                                    String.join(
                                            ", ",
                                            unknown.getKnownPropertyIds().stream()
                                                    .map(String::valueOf)
                                                    .sorted()
                                                    .toList())));
        }
        if (e instanceof InvalidFormatException invalid) {
            return field(
                    field,
                    MessageCode.FIELD_NOT_A.with(
                            "value", invalid.getValue(), "type", typeName(invalid.getTargetType())));
        }
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable reason = instantiation.getCause() == null ? instantiation : instantiation.getCause();
            String message = firstLine(reason.getMessage());
            return field.isEmpty()
                    ? ApiProblem.of(ProblemType.VALIDATION, MessageCode.PROBLEM_BODY_INVALID.with("reason", message))
                    : field(field, MessageCode.FIELD_INVALID.with("reason", message));
        }
        if (e instanceof MismatchedInputException mismatched && !field.isEmpty()) {
            return field(field, MessageCode.FIELD_MUST_BE.with("type", typeName(mismatched.getTargetType())));
        }
        if (e instanceof StreamReadException || e instanceof MismatchedInputException) {
            var location = e.getLocation();
            String reason = firstLine(e.getOriginalMessage());
            return ApiProblem.of(
                    ProblemType.MALFORMED_BODY,
                    location == null || location.getLineNr() < 0
                            ? MessageCode.PROBLEM_BODY_NOT_JSON.with("reason", reason)
                            : MessageCode.PROBLEM_BODY_NOT_JSON_AT.with(
                                    "line", location.getLineNr(), "column", location.getColumnNr(), "reason", reason));
        }
        return ApiProblem.of(
                ProblemType.MALFORMED_BODY,
                MessageCode.PROBLEM_BODY_UNREADABLE.with("reason", firstLine(e.getOriginalMessage())));
    }

    private static ApiProblem field(String field, Message problem) {
        return ApiProblem.from(ApiException.invalidField(field.isEmpty() ? "body" : field, problem));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Message typeName(Class<?> type) {
        if (type == null) {
            return MessageCode.TYPE_OTHER.with();
        }
        if (type.isEnum()) {
            return MessageCode.TYPE_ONE_OF.with("choices", List.of(type.getEnumConstants()));
        }
        if (type == String.class) {
            return MessageCode.TYPE_STRING.with();
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return MessageCode.TYPE_INTEGER.with();
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return MessageCode.TYPE_NUMBER.with();
        }
        if (type == boolean.class || type == Boolean.class) {
            return MessageCode.TYPE_BOOLEAN.with();
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return MessageCode.TYPE_DATE_TIME.with();
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return MessageCode.TYPE_ARRAY.with();
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return MessageCode.TYPE_OBJECT.with();
        }
        return MessageCode.TYPE_NAMED.with("name", type.getSimpleName());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
