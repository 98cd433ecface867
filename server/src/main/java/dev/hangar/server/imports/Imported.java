package dev.hangar.server.imports;

import dev.hangar.server.core.Visibility;
import java.time.Instant;

/**
 * A thing a user imports into Hangar (a model, a dataset), as the API shows it: what the shared
 * import rules need to know of it.
 *
 * @param <V> the view itself, which {@link #asSeenByOthers()} answers
 */
public interface Imported<S extends Enum<S> & ImportStatus<S>, V extends Imported<S, V>> {

    String id();

    String name();

    /** Its owner's username. */
    String owner();

    S status();

    String description();

    Visibility visibility();

    Instant createdAt();

    Instant updatedAt();

    /** What a user other than its owner (and not an admin) sees of it: everything but where its files are. */
    V asSeenByOthers();
}
