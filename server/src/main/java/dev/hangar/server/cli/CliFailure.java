package dev.hangar.server.cli;

/** A command that cannot be carried out, with the sentence to show; the CLI exits 1 without a stack trace. */
public final class CliFailure extends RuntimeException {

    public CliFailure(String message) {
        super(message);
    }
}
