package dev.hangar.worker;

/**
 * One prompt to continue, already tokenized exactly as it is decoded, with the most tokens to generate.
 *
 * @param topLogprobs alternatives listed with each token's logprob; -1 for no logprobs
 * @param prompt the prompt's tokens (a chat is already rendered through the model's template)
 * @param scorePrompt whether to return each prompt token's logprob too (echo with logprobs); the prompt is then decoded
 *     whole, not taken from the prefix cache
 * @param adapters the LoRA adapters to generate with (held by the caller's lease until the generation ends)
 */
public record GenerationRequest(
        int[] prompt,
        int maxTokens,
        int topLogprobs,
        SamplingOptions sampling,
        boolean scorePrompt,
        AdapterSet adapters) {}
