package dev.hangar.server.imports;

import java.util.Set;

/**
 * Where an imported thing (a model, a dataset) is in its import. Each kind lists its own statuses,
 * with the moves each allows written next to them ({@link #next()}); every transition the code
 * makes is checked against them.
 */
public interface ImportStatus<S extends Enum<S> & ImportStatus<S>> {

    /** The statuses this one may move to. */
    Set<S> next();

    /** Whether an import is under way: a restart picks it up again, a failure ends it. */
    boolean inProgress();

    default boolean canMoveTo(S target) {
        return next().contains(target);
    }
}
