package dev.hangar.server.runtime;

import dev.hangar.server.home.StartupProblem;

/** A runtime file the catalog cannot use: names the file and the field, so the server refuses to start with that sentence. */
class InvalidRuntimeFile extends StartupProblem {

    InvalidRuntimeFile(String file, String field, String problem) {
        super(
                file + ": " + (field.isEmpty() ? "" : field + ": ") + problem,
                "Correct " + file + " (docs/runtimes.md describes the fields of a runtime file).");
    }
}
