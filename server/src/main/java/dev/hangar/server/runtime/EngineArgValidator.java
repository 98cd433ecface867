package dev.hangar.server.runtime;

import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.FieldProblem;
import dev.hangar.server.problem.ProblemType;
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
                        "is not an argument of " + runtime.name() + "; known: "
                                + runtime.engineArgs().stream()
                                        .map(EngineArg::name)
                                        .toList()));
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
            } catch (IllegalArgumentException e) {
                problems.add(problem(arg.name(), e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION,
                    String.join(
                            "; ",
                            problems.stream()
                                    .map(p -> p.field() + " " + p.message())
                                    .toList()),
                    problems);
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
        throw new IllegalArgumentException("must be true or false, not " + describe(raw));
    }

    private static Long integer(Object raw) {
        try {
            BigDecimal number = raw instanceof Number n
                    ? new BigDecimal(n.toString())
                    : new BigDecimal(stringOf(raw).trim());
            return number.longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, not " + describe(raw));
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
            throw new IllegalArgumentException("must be a number, not " + describe(raw));
        }
    }

    private static <T extends Number & Comparable<T>> T inRange(EngineArg arg, T value) {
        double v = value.doubleValue();
        if (arg.min() != null && v < arg.min().doubleValue()
                || arg.max() != null && v > arg.max().doubleValue()) {
            throw new IllegalArgumentException("must be between " + arg.min() + " and " + arg.max() + ", not " + value);
        }
        return value;
    }

    private static String oneOf(EngineArg arg, String value) {
        if (!arg.choices().contains(value)) {
            throw new IllegalArgumentException("must be one of " + arg.choices() + ", not '" + value + "'");
        }
        return value;
    }

    private static String text(Object raw) {
        String value = stringOf(raw);
        if (value.isEmpty() || value.length() > MAX_TEXT || value.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("must be 1-" + MAX_TEXT + " characters without control characters");
        }
        return value;
    }

    /** A registry model's name or id: never a path, which would let a user hand a runtime any file of the server. */
    private static String modelReference(Object raw) {
        String value = stringOf(raw);
        if (!MODEL_REFERENCE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "must name a registry model you may use (its name or id), not a path or '"
                            + (value.length() > 64 ? value.substring(0, 64) + "…" : value) + "'");
        }
        return value;
    }

    /** A template's text, several lines long; the launch passes it to the runtime in a file of its own. */
    private static String template(Object raw) {
        String value = stringOf(raw);
        if (value.isBlank()
                || value.length() > MAX_TEMPLATE
                || value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            throw new IllegalArgumentException("must be the template's text (not a path), 1-" + MAX_TEMPLATE
                    + " characters without control characters");
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
        throw new IllegalArgumentException("must be a single value, not " + describe(raw));
    }

    private static String describe(Object raw) {
        return Optional.ofNullable(raw)
                .map(r -> r instanceof String
                        ? "'" + r + "'"
                        : r instanceof Map ? "an object" : r instanceof List ? "a list" : r.toString())
                .orElse("null");
    }

    private static FieldProblem problem(String name, String message) {
        return new FieldProblem("engineArgs." + name, message);
    }
}
