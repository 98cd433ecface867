package dev.hangar.worker;

/**
 * Answers one path; throws {@link ApiError} for anything the client should hear about, and an
 * {@link java.io.IOException} when the client went away.
 */
@FunctionalInterface
public interface Route {
    void handle(ApiCall call) throws Exception;
}
