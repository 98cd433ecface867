package dev.hangar.worker;

/**
 * One prompt to continue, with its exact token count and the most tokens to generate.
 *
 * @param prompt the full text llama.cpp tokenizes (a chat is already rendered through the model's template)
 */
public record GenerationRequest(String prompt, int promptTokens, int maxTokens, SamplingOptions sampling) {}
