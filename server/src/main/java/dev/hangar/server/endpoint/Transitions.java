package dev.hangar.server.endpoint;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/** What the endpoint's and the replica's state machines share. */
final class Transitions {

    private Transitions() {}

    /** The states that may move to {@code target}: what a write of {@code target} requires. */
    static <S extends Enum<S>> Set<S> sourcesOf(Class<S> states, S target, BiPredicate<S, S> mayMove) {
        EnumSet<S> sources = EnumSet.noneOf(states);
        for (S state : states.getEnumConstants()) {
            if (mayMove.test(state, target)) {
                sources.add(state);
            }
        }
        return sources;
    }

    /** The states as the database stores them, for a write's {@code state in (:sources)}. */
    static List<String> stored(Set<? extends Enum<?>> states) {
        return states.stream().map(Object::toString).toList();
    }
}
