package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.io.IOException;

/** Thrown from a request body stream that went past its limit; the answer is 413. */
public final class RequestBodyTooLargeException extends IOException {

    private final transient Message message;

    public RequestBodyTooLargeException(long limit) {
        this(MessageCode.PROBLEM_BODY_TOO_LARGE.with("limit", limit));
    }

    private RequestBodyTooLargeException(Message message) {
        super(message.text());
        this.message = message;
    }

    Message message() {
        return message;
    }
}
