package dev.hangar.server.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {name}} placeholders of a runtime file's launch, filled from the launch request:
 * {@code {model}} (the model's path), {@code {host}}, {@code {port}}, {@code {servedName}},
 * {@code {token}} (the replica's token), {@code {workDir}} (the replica's own directory), and in a
 * command, as a whole word, {@code {worker}}: the words that start Hangar's built-in worker.
 * Filled values are not read again, so a value holding braces stays as it is.
 */
final class Placeholders {

    static final String WORKER = "{worker}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> NAMES = Set.of("model", "host", "port", "servedName", "token", "workDir");

    private Placeholders() {}

    /** Why the text cannot be filled (an unknown placeholder), or empty where it can. */
    static Optional<String> problemWith(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!NAMES.contains(matcher.group(1))) {
                return Optional.of(
                        "has an unknown placeholder " + matcher.group() + "; known: {model}, {host}, {port}, "
                                + "{servedName}, {token}, {workDir}" + " and, as a whole word of a command, " + WORKER);
            }
        }
        return Optional.empty();
    }

    static String fill(String text, LaunchRequest request) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(value(m.group(1), request)));
    }

    /** The command's words filled, {@code {worker}} standing for all the words that start the built-in worker. */
    static List<String> fillCommand(List<String> words, LaunchRequest request) {
        List<String> filled = new ArrayList<>();
        for (String word : words) {
            if (word.equals(WORKER)) {
                filled.addAll(request.worker().command());
            } else {
                filled.add(fill(word, request));
            }
        }
        return filled;
    }

    private static String value(String name, LaunchRequest request) {
        return switch (name) {
            case "model" -> request.modelPath().toString();
            case "host" -> request.host();
            case "port" -> Integer.toString(request.port());
            case "servedName" -> request.servedName();
            case "token" -> request.token();
            case "workDir" -> request.workDir().toString();
            default -> throw new IllegalArgumentException("unknown placeholder {" + name + "}");
        };
    }
}
