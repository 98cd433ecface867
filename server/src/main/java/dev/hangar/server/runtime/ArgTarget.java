package dev.hangar.server.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a runtime takes an argument: on its command line, in an environment variable (Ollama's
 * server settings), or as a {@code PARAMETER} line of an Ollama Modelfile.
 */
public enum ArgTarget {
    FLAG,
    ENV,
    MODELFILE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
