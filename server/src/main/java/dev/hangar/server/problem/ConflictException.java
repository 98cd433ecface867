package dev.hangar.server.problem;

import dev.hangar.server.message.Message;

/** A request that clashes with what exists (a taken name, a state that forbids the action); names the existing id when there is one. */
public class ConflictException extends ApiException {

    private final String existingId;

    public ConflictException(Message message, String existingId) {
        super(ProblemType.CONFLICT, message);
        this.existingId = existingId;
    }

    public String existingId() {
        return existingId;
    }
}
