package dev.hangar.server.runtime;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.FieldProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks engine arguments against a runtime's schema and keeps only those that differ from the
 * default, in schema order, as typed values ({@code Long}, {@code Double}, {@code Boolean},
 * {@code String}). Values may come as JSON values or as strings ({@code --arg k=v} on the CLI).
 * Every problem names the argument: {@code engineArgs.<name>}.
 */
public final class EngineArgValidator {

    private static final int MAX_TEXT = 4096;
    private static final int MAX_TEMPLATE = 64 * 1024;
    private static final Pattern MODEL_REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private EngineArgValidator() {}

    public static Map<String, Object> validate(RuntimeSpec runtime, Map<String, ?> given) {
        Map<String, ?> args = given == null ? Map.of() : given;
        List<FieldProblem> problems = new ArrayList<>();
        for (String name : args.keySet()) {
            if (runtime.arg(name).isEmpty()) {
                problems.add(problem(
                        name,
                        MessageCode.ARG_UNKNOWN.with(
                                "runtime",
                                runtime.name(),
                                "known",
                                runtime.engineArgs().stream()
                                        .map(EngineArg::name)
                                        .toList())));
            }
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        for (EngineArg arg : runtime.engineArgs()) {
            if (!args.containsKey(arg.name())) {
                continue;
            }
            Object raw = args.get(arg.name());
            if (raw == null) {
                continue;
            }
            try {
                Object value = parse(arg, raw);
                if (!value.equals(arg.defaultValue())) {
                    changed.put(arg.name(), value);
                }
            } catch (BadValue e) {
                problems.add(problem(arg.name(), e.message));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalidFields(problems);
        }
        return changed;
    }

    private static Object parse(EngineArg arg, Object raw) {
        return switch (arg.type()) {
            case BOOL -> bool(raw);
            case INT -> inRange(arg, integer(raw));
            case FLOAT -> inRange(arg, decimal(raw));
            case ENUM -> oneOf(arg, String.valueOf(raw));
            case STRING -> text(raw);
            case MODEL -> modelReference(raw);
            case TEMPLATE -> template(raw);
        };
    }

    private static Boolean bool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new BadValue(MessageCode.ARG_NOT_BOOLEAN.with("value", describe(raw)));
    }

    private static Long integer(Object raw) {
        try {
            BigDecimal number = raw instanceof Number n
                    ? new BigDecimal(n.toString())
                    : new BigDecimal(stringOf(raw).trim());
            return number.longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new BadValue(MessageCode.ARG_NOT_INTEGER.with("value", describe(raw)));
        }
    }

    private static Double decimal(Object raw) {
        try {
            double value = raw instanceof Number n
                    ? n.doubleValue()
                    : Double.parseDouble(stringOf(raw).trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadValue(MessageCode.ARG_NOT_NUMBER.with("value", describe(raw)));
        }
    }

    private static <T extends Number & Comparable<T>> T inRange(EngineArg arg, T value) {
        double v = value.doubleValue();
        if (arg.min() != null && v < arg.min().doubleValue()
                || arg.max() != null && v > arg.max().doubleValue()) {
            throw new BadValue(MessageCode.ARG_OUT_OF_RANGE.with("min", arg.min(), "max", arg.max(), "value", value));
        }
        return value;
    }

    private static String oneOf(EngineArg arg, String value) {
        if (!arg.choices().contains(value)) {
            throw new BadValue(MessageCode.ARG_NOT_A_CHOICE.with("choices", arg.choices(), "value", value));
        }
        return value;
    }

    private static String text(Object raw) {
        String value = stringOf(raw);
        if (value.isEmpty() || value.length() > MAX_TEXT || value.chars().anyMatch(c -> c < 0x20)) {
            throw new BadValue(MessageCode.ARG_TEXT.with("max", MAX_TEXT));
        }
        return value;
    }

    /** A registry model's name or id: never a path, which would let a user hand a runtime any file of the server. */
    private static String modelReference(Object raw) {
        String value = stringOf(raw);
        if (!MODEL_REFERENCE.matcher(value).matches()) {
            throw new BadValue(MessageCode.ARG_MODEL_REFERENCE.with(
                    "value", value.length() > 64 ? value.substring(0, 64) + "…" : value));
        }
        return value;
    }

    /** A template's text, several lines long; the launch passes it to the runtime in a file of its own. */
    private static String template(Object raw) {
        String value = stringOf(raw);
        if (value.isBlank()
                || value.length() > MAX_TEMPLATE
                || value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            throw new BadValue(MessageCode.ARG_TEMPLATE.with("max", MAX_TEMPLATE));
        }
        return value;
    }

    private static String stringOf(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return raw.toString();
        }
        throw new BadValue(MessageCode.ARG_NOT_SINGLE.with("value", describe(raw)));
    }

    private static String describe(Object raw) {
        return Optional.ofNullable(raw)
                .map(r -> r instanceof String
                        ? "'" + r + "'"
                        : r instanceof Map ? "an object" : r instanceof List ? "a list" : r.toString())
                .orElse("null");
    }

    private static FieldProblem problem(String name, Message message) {
        return new FieldProblem("engineArgs." + name, message);
    }

    /** A value an argument does not take, with what it takes. */
    private static final class BadValue extends RuntimeException {
        private final transient Message message;

        BadValue(Message message) {
            super(message.text(), null, false, false);
            this.message = message;
        }
    }
}
