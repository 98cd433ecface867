package dev.hangar.server.core;

import java.util.List;
import java.util.stream.Stream;

/**
 * Names as an admin lists them in a setting: each entry an exact name, or a prefix when it ends in
 * {@code *} ({@code LC_*}).
 */
public record NameList(List<String> entries) {

    public NameList {
        entries = List.copyOf(entries);
    }

    public static NameList of(String... entries) {
        return new NameList(List.of(entries));
    }

    public boolean matches(String name) {
        return entries.stream()
                .anyMatch(entry -> entry.endsWith("*")
                        ? name.startsWith(entry.substring(0, entry.length() - 1))
                        : name.equals(entry));
    }

    public NameList and(List<String> more) {
        return new NameList(Stream.concat(entries.stream(), more.stream()).toList());
    }
}
