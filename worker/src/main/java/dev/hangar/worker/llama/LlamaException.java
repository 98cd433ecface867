package dev.hangar.worker.llama;

/** A llama.cpp call failed; the message says which and, where llama.cpp logged one, its own reason. */
public final class LlamaException extends RuntimeException {
    public LlamaException(String message) {
        super(message);
    }

    LlamaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure with llama.cpp's latest error messages on this thread appended, when it logged one. */
    static LlamaException withLog(String message) {
        String reason = LlamaLog.takeErrors();
        return new LlamaException(reason == null ? message : message + ": " + reason);
    }

    /** Wraps what a native call threw (a linkage or argument mistake, never llama.cpp itself). */
    static RuntimeException of(String function, Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            return runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        return new LlamaException("calling " + function + " failed", thrown);
    }
}
