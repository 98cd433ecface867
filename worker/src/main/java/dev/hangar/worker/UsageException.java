package dev.hangar.worker;

/** A command line the worker cannot run with; its message says which option is wrong and why. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
