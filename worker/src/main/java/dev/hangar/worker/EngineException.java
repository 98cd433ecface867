package dev.hangar.worker;

/**
 * llama.cpp refused or failed a task; the message is llama.cpp's own.
 *
 * @see #rejectedRequest()
 */
public final class EngineException extends RuntimeException {
    private final boolean rejectedRequest;

    public EngineException(String message, boolean rejectedRequest) {
        super(message);
        this.rejectedRequest = rejectedRequest;
    }

    /** True when llama.cpp refused the request itself (e.g. a JSON schema it cannot turn into a grammar): a 400. */
    public boolean rejectedRequest() {
        return rejectedRequest;
    }
}
