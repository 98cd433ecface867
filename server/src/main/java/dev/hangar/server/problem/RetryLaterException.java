package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import java.time.Duration;

/** A request refused for now (too many attempts): a 429 whose {@code Retry-After} says when to try again. */
public class RetryLaterException extends ApiException {

    private final Duration retryAfter;

    public RetryLaterException(Message message, Duration retryAfter) {
        super(ProblemType.RATE_LIMIT_EXCEEDED, message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, as {@code Retry-After} takes them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
