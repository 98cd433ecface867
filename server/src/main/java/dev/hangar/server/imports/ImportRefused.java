package dev.hangar.server.imports;

import dev.hangar.server.message.Message;

/** An import that cannot succeed with these files (not valid, empty); the reason says why, for the thing's status. */
public final class ImportRefused extends Exception {

    private final transient Message reason;

    public ImportRefused(Message reason) {
        super(reason.text());
        this.reason = reason;
    }

    public Message reason() {
        return reason;
    }
}
