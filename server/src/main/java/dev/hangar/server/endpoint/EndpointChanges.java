package dev.hangar.server.endpoint;

import dev.hangar.server.core.AfterCommit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * A version number that moves whenever an endpoint or a replica changes in a way that matters to
 * routing (state, visibility, a replica ready or gone), so that a reader keeping a copy (the
 * gateway's routing table) knows when to read again. It moves at the write and again when the
 * write's transaction ends, so a copy read in between is not taken as current.
 */
@Component
public class EndpointChanges {

    private final AtomicLong version = new AtomicLong();

    public long version() {
        return version.get();
    }

    void changed() {
        version.incrementAndGet();
        AfterCommit.run(version::incrementAndGet);
    }
}
