package dev.hangar.server.endpoint;

import dev.hangar.server.problem.ApiException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment variables a user gives an endpoint's replicas: POSIX names, bounded sizes, and
 * none of the {@code HANGAR_} names Hangar sets itself.
 */
final class EndpointEnv {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final int MAX_VARIABLES = 64;
    private static final int MAX_VALUE = 4096;

    private EndpointEnv() {}

    static Map<String, String> check(Map<String, String> env) {
        if (env == null) {
            return Map.of();
        }
        if (env.size() > MAX_VARIABLES) {
            throw ApiException.invalidField("env", "at most " + MAX_VARIABLES + " variables (got " + env.size() + ")");
        }
        env.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw ApiException.invalidField(
                        "env." + name, "is not a variable name: letters, digits and '_', not starting with a digit");
            }
            if (name.startsWith("HANGAR_")) {
                throw ApiException.invalidField("env." + name, "HANGAR_ variables are set by Hangar itself");
            }
            if (value == null || value.length() > MAX_VALUE) {
                throw ApiException.invalidField("env." + name, "needs a value of at most " + MAX_VALUE + " characters");
            }
        });
        return Map.copyOf(env);
    }
}
