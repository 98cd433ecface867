package dev.hangar.server.problem;

/** One offending field of a request: its JSON path (e.g. {@code expiresAt}, {@code items[2].name}) and what is wrong. */
public record FieldProblem(String field, String message) {}
