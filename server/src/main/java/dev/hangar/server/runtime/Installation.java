package dev.hangar.server.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.util.Map;

/**
 * Whether a runtime is installed on this machine, where, and which version answered; when it is
 * not, why, in English ({@code problem}) and as a message code with its parameters for the UI.
 *
 * @param path the absolute executable that answered the probe (the worker jar for the built-in)
 * @param version the first line the probe printed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Installation(
        boolean installed,
        String path,
        String version,
        String problem,
        String problemCode,
        Map<String, Object> problemParams) {

    static Installation found(String path, String version) {
        return new Installation(true, path, version, null, null, null);
    }

    static Installation missing(Message problem) {
        return new Installation(false, null, null, problem.text(), problem.code(), problem.sortedParams());
    }

    /** Why it is not installed, as a message; empty text when it is. */
    public Message message() {
        return MessageCode.stored(problemCode, problemParams, problem);
    }
}
