package dev.hangar.server.imports;

/** An import that cannot succeed with these files (not valid, empty); the message says why, for the thing's status. */
public final class ImportRefused extends Exception {

    public ImportRefused(String reason) {
        super(reason);
    }
}
