package dev.hangar.server.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One file of a model: its path relative to the model's root, its size, and its sha256 once computed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelFile(String name, long sizeBytes, String sha256) {}
