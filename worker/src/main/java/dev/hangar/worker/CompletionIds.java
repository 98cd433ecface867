package dev.hangar.worker;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** Ids and timestamps for responses: unique within the process, prefixed as OpenAI's are. */
final class CompletionIds {
    private final Clock clock;
    private final String processTag;
    private final AtomicLong next = new AtomicLong();

    CompletionIds(Clock clock) {
        this.clock = clock;
        this.processTag = Long.toString(ProcessHandle.current().pid(), 36);
    }

    String next(String prefix) {
        return prefix + processTag + "-" + next.incrementAndGet();
    }

    long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
