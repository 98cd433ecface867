package dev.hangar.server.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One engine argument of a runtime as users set it: its name in Hangar's API, how the runtime
 * takes it ({@code flag}: a command-line flag, an environment variable or a Modelfile parameter),
 * its type and limits, and its default. A boolean whose default is true is turned off with
 * {@code negatedFlag}. {@code defaultValue} is {@code null} when the runtime decides by itself.
 * {@code adminOnly}: only an admin may set it, because it makes the runtime run code that comes
 * with the model ({@code trust-remote-code}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngineArg(
        String name,
        String flag,
        ArgTarget via,
        ArgType type,
        List<String> choices,
        Object defaultValue,
        Number min,
        Number max,
        String negatedFlag,
        String help,
        boolean adminOnly) {

    public EngineArg {
        choices = choices == null ? null : List.copyOf(choices);
    }

    static EngineArg integer(String name, String flag, Integer defaultValue, long min, long max, String help) {
        Long normalized = defaultValue == null ? null : defaultValue.longValue();
        return new EngineArg(name, flag, ArgTarget.FLAG, ArgType.INT, null, normalized, min, max, null, help, false);
    }

    static EngineArg decimal(String name, String flag, Double defaultValue, double min, double max, String help) {
        return new EngineArg(
                name, flag, ArgTarget.FLAG, ArgType.FLOAT, null, defaultValue, min, max, null, help, false);
    }

    static EngineArg choice(String name, String flag, String defaultValue, List<String> choices, String help) {
        return new EngineArg(
                name, flag, ArgTarget.FLAG, ArgType.ENUM, choices, defaultValue, null, null, null, help, false);
    }

    /** A switch that is off unless set: {@code flag} turns it on. */
    static EngineArg toggle(String name, String flag, String help) {
        return new EngineArg(name, flag, ArgTarget.FLAG, ArgType.BOOL, null, false, null, null, null, help, false);
    }

    /** A switch that is on unless set to false: {@code negatedFlag} turns it off. */
    static EngineArg onByDefault(String name, String flag, String negatedFlag, String help) {
        return new EngineArg(
                name, flag, ArgTarget.FLAG, ArgType.BOOL, null, true, null, null, negatedFlag, help, false);
    }

    static EngineArg text(String name, String flag, String defaultValue, String help) {
        return new EngineArg(
                name, flag, ArgTarget.FLAG, ArgType.STRING, null, defaultValue, null, null, null, help, false);
    }

    /** A registry model the caller may use, named by name or id; the launch gets its file's path. */
    static EngineArg model(String name, String flag, String help) {
        return new EngineArg(name, flag, ArgTarget.FLAG, ArgType.MODEL, null, null, null, null, null, help, false);
    }

    /** A template given as text; the launch writes it to a file of the replica's and passes the file. */
    static EngineArg template(String name, String flag, String help) {
        return new EngineArg(name, flag, ArgTarget.FLAG, ArgType.TEMPLATE, null, null, null, null, null, help, false);
    }

    /** The same argument taken from another place (an environment variable or a Modelfile line). */
    EngineArg via(ArgTarget target) {
        return new EngineArg(name, flag, target, type, choices, defaultValue, min, max, negatedFlag, help, adminOnly);
    }

    /** The same argument, for admins only. */
    EngineArg forAdminsOnly() {
        return new EngineArg(name, flag, via, type, choices, defaultValue, min, max, negatedFlag, help, true);
    }
}
