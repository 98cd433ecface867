package dev.hangar.server.problem;

import java.io.IOException;

/** Thrown from a request body stream that went past its limit; the answer is 413. */
public final class RequestBodyTooLargeException extends IOException {

    public RequestBodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
    }
}
