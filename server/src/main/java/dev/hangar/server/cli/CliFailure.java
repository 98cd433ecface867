package dev.hangar.server.cli;

import java.util.OptionalInt;

/**
 * A command that cannot be carried out, with the sentence to show; the CLI exits 1 without a stack
 * trace. A refusal by the server carries its HTTP status, for a command that can try another way.
 */
public final class CliFailure extends RuntimeException {

    private final OptionalInt httpStatus;

    public CliFailure(String message) {
        this(message, OptionalInt.empty());
    }

    CliFailure(String message, OptionalInt httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /** The status of the server's answer, when the server refused. */
    OptionalInt httpStatus() {
        return httpStatus;
    }
}
