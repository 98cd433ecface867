package dev.hangar.server.problem;

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
            return ApiProblem.of(ProblemType.MALFORMED_BODY, "The request body is missing or is not valid JSON.");
        }
        JacksonException e = jackson.get();
        String field = path(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null
                    ? ""
                    : "; known fields are "
                            + String.join(
                                    ", ",
                                    unknown.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .toList());
            return field(field, "unknown field" + known);
        }
        if (e instanceof InvalidFormatException invalid) {
            return field(field, "'" + invalid.getValue() + "' is not a valid " + typeName(invalid.getTargetType()));
        }
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable reason = instantiation.getCause() == null ? instantiation : instantiation.getCause();
            String message = firstLine(reason.getMessage());
            return field.isEmpty()
                    ? ApiProblem.of(ProblemType.VALIDATION, "The request body is not valid: " + message)
                    : field(field, message);
        }
        if (e instanceof MismatchedInputException mismatched && !field.isEmpty()) {
            return field(field, "must be " + typeName(mismatched.getTargetType()));
        }
        if (e instanceof StreamReadException || e instanceof MismatchedInputException) {
            var location = e.getLocation();
            String where = location == null || location.getLineNr() < 0
                    ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return ApiProblem.of(
                    ProblemType.MALFORMED_BODY,
                    "The request body is not valid JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        return ApiProblem.of(
                ProblemType.MALFORMED_BODY, "The request body could not be read: " + firstLine(e.getOriginalMessage()));
    }

    private static ApiProblem field(String field, String message) {
        String name = field.isEmpty() ? "body" : field;
        return new ApiProblem(
                ProblemType.VALIDATION,
                name + ": " + message,
                List.of(new FieldProblem(name, message)),
                Optional.empty());
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

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == String.class || type.isEnum()) {
            return type.isEnum() ? "one of " + List.of(type.getEnumConstants()) : "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "a date-time like 2030-01-31T12:00:00Z";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
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
