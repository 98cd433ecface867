package dev.hangar.server.problem;

import dev.hangar.server.message.Message;

/**
 * One offending field of a request: its JSON path (e.g. {@code expiresAt}, {@code items[2].name})
 * and what is wrong, written in problem+json as {@code {field, code, params, detail}}.
 */
public record FieldProblem(String field, Message problem) {}
