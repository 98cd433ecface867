package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where one replica slot is: its process starting (not yet healthy and verified), ready for
 * traffic, failed (waiting to be restarted), being stopped, or stopped (no process).
 */
public enum ReplicaState {
    STARTING,
    READY,
    FAILED,
    STOPPING,
    STOPPED;

    /**
     * The states a write may move the slot to from this one; every state write is conditional on
     * it ({@link #sourcesOf}). A stopped or failed slot is started ({@code starting}): it gets a
     * process, or for a router endpoint its provider, which answered its check; a starting one that
     * passed its checks is ready, and one verified again stays ready. Any slot whose start or
     * process fails is failed (a failed one again after a failed restart, a stopping one
     * when the server went down meanwhile); a slot with a process is stopping while it is stopped,
     * and any slot can end stopped. So a slot is never started over a process it has, and a
     * write that comes after the slot was stopped or failed cannot make it starting again.
     */
    Set<ReplicaState> next() {
        return switch (this) {
            case STOPPED -> EnumSet.of(STARTING, FAILED);
            case STARTING -> EnumSet.of(READY, FAILED, STOPPING, STOPPED);
            case READY -> EnumSet.of(READY, FAILED, STOPPING, STOPPED);
            case FAILED -> EnumSet.of(STARTING, FAILED, STOPPED);
            case STOPPING -> EnumSet.of(FAILED, STOPPED);
        };
    }

    boolean canMoveTo(ReplicaState target) {
        return next().contains(target);
    }

    /** The states a slot may move to {@code target} from: what a write of {@code target} requires. */
    static Set<ReplicaState> sourcesOf(ReplicaState target) {
        return Transitions.sourcesOf(ReplicaState.class, target, ReplicaState::canMoveTo);
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReplicaState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
