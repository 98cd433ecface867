package dev.hangar.server.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum's constants by the names the API writes them in (their {@code toString()}), and the refusal of others. */
public final class WireNames {

    private WireNames() {}

    /**
     * The constant written as {@code value}.
     *
     * @throws IllegalArgumentException naming every wire name when none is {@code value}
     */
    public static <E extends Enum<E>> E parse(E[] constants, String value) {
        return Arrays.stream(constants)
                .filter(c -> c.toString().equals(value))
                .findFirst()
                .orElseThrow(() -> notOneOf(constants));
    }

    /** The refusal of a name that is none of these constants', which it lists comma-separated. */
    public static IllegalArgumentException notOneOf(Enum<?>[] constants) {
        return new IllegalArgumentException("must be one of "
                + Arrays.stream(constants).map(String::valueOf).collect(Collectors.joining(", ")));
    }
}
