package dev.hangar.server.core;

import java.util.List;
import java.util.function.Function;

/** One page of a list answer: the items, where they are in the whole list, and its total size. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
