package dev.hangar.server.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the registry learned from a model's files: the same fields whatever the format. Absent
 * values are {@code null} here and left out of answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelFacts(
        ModelFormat format,
        String architecture,
        Long parameterCount,
        Long contextLength,
        Long embeddingLength,
        Long layers,
        Long heads,
        Long kvHeads,
        String quantization,
        String tokenizer,
        Long vocabSize,
        String chatTemplate,
        String license,
        String adapterFor) {}
