package dev.hangar.server.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Whether a runtime is installed on this machine, where, and which version answered.
 *
 * @param path the absolute executable that answered the probe (the worker jar for the built-in)
 * @param version the first line the probe printed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Installation(boolean installed, String path, String version, String problem) {

    static Installation missing(String problem) {
        return new Installation(false, null, null, problem);
    }
}
