package dev.hangar.server.endpoint;

import dev.hangar.server.core.AfterCommit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * A version number that moves whenever an endpoint or a replica changes in a way that matters to
 * routing (state, visibility, a replica ready or gone), so that a reader keeping a copy (the
 * gateway's routing table) knows when to read again. It moves at the write and again when the
 * write's transaction ends, so a copy read in between is not taken as current; then it tells its
 * listeners, so that such a copy can be read again before anyone asks for it.
 */
@Component
public class EndpointChanges {

    private final AtomicLong version = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public long version() {
        return version.get();
    }

    /** Runs {@code listener} once each change's transaction has ended, on the writing thread: it must not block. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void changed() {
        version.incrementAndGet();
        AfterCommit.run(() -> {
            version.incrementAndGet();
            listeners.forEach(Runnable::run);
        });
    }
}
