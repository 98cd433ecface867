package dev.hangar.server.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One engine argument of a runtime as users set it: its name in Hangar's API, how the runtime
 * takes it ({@code flag}: a command-line flag, an environment variable or a Modelfile parameter),
 * its type and limits, and its default. A boolean whose default is true is turned off with
 * {@code negatedFlag}. {@code defaultValue} is {@code null} when the runtime decides by itself.
 * {@code adminOnly}: only an admin may set it, because it makes the runtime run code that comes
 * with the model ({@code trust-remote-code}). {@code helpCode} names {@code help} among the server's
 * messages (docs/api.md, Messages), for the UI to show it in the reader's language.
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
        String helpCode,
        boolean adminOnly) {

    public EngineArg {
        choices = choices == null ? null : List.copyOf(choices);
    }
}
