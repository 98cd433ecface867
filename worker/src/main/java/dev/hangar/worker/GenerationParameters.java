package dev.hangar.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * The generation fields shared by {@code /v1/chat/completions} and {@code /v1/completions}, validated.
 *
 * @param maxTokens empty means "whatever the context leaves"
 * @param topLogprobs alternatives listed with each token's logprob; -1 for no logprobs
 * @param adapters the LoRA adapters the request chose ({@code model} or {@code lora})
 */
public record GenerationParameters(
        SamplingOptions sampling,
        OptionalInt maxTokens,
        boolean stream,
        boolean includeUsage,
        int topLogprobs,
        AdapterChoice adapters) {

    /** OpenAI's documented limit on stop sequences. */
    static final int MAX_STOP_STRINGS = 4;

    /** OpenAI's limit on {@code top_logprobs}. */
    static final int MAX_TOP_LOGPROBS = 20;

    public static GenerationParameters parse(RequestBody body) {
        body.integer("n", 1, 1_000_000).ifPresent(n -> {
            if (n != 1) {
                throw ApiError.badRequest("only n=1 is supported: this worker returns one choice per request", "n");
            }
        });
        OptionalInt maxTokens = body.smallInteger("max_completion_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens.isEmpty()) {
            maxTokens = body.smallInteger("max_tokens", 1, Integer.MAX_VALUE);
        }
        boolean stream = body.flag("stream");
        boolean includeUsage = body.object("stream_options")
                .map(options -> options.flag("include_usage"))
                .orElse(false);
        SamplingOptions sampling = new SamplingOptions(
                body.number("temperature", 0, 2),
                body.number("top_p", 0, 1),
                body.smallInteger("top_k", 0, 1_000_000),
                body.number("min_p", 0, 1),
                body.integer("seed", 0, 0xFFFF_FFFFL),
                body.stringOrList("stop", MAX_STOP_STRINGS),
                body.number("presence_penalty", -2, 2),
                body.number("frequency_penalty", -2, 2),
                ResponseFormat.grammar(body),
                logitBias(body),
                body.flag("ignore_eos"));
        return new GenerationParameters(
                sampling, maxTokens, stream, includeUsage, topLogprobs(body), AdapterChoice.parse(body));
    }

    /** OpenAI's {@code logit_bias}: an object from token ids (as strings) to biases from -100 to 100. */
    private static Map<Integer, Float> logitBias(RequestBody body) {
        Optional<JsonNode> field = body.field("logit_bias").filter(node -> !node.isNull());
        if (field.isEmpty()) {
            return Map.of();
        }
        if (!field.get().isObject()) {
            throw ApiError.badRequest("'logit_bias' must be an object from token ids to biases", "logit_bias");
        }
        Map<Integer, Float> biases = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : field.get().properties()) {
            int token;
            try {
                token = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                token = -1;
            }
            JsonNode bias = entry.getValue();
            if (token < 0 || !bias.isNumber() || Math.abs(bias.asDouble()) > 100) {
                throw ApiError.badRequest(
                        "'logit_bias' maps token ids to numbers from -100 to 100; '" + entry.getKey() + "' does not",
                        "logit_bias");
            }
            biases.put(token, (float) bias.asDouble());
        }
        return biases;
    }

    /**
     * Chat's {@code logprobs: true} with {@code top_logprobs} (0–20), or completions' {@code logprobs: N} (0–20): how
     * many alternatives to list with each token's logprob; -1 when logprobs are not asked for.
     */
    private static int topLogprobs(RequestBody body) {
        Optional<JsonNode> field = body.field("logprobs").filter(node -> !node.isNull());
        if (field.isEmpty()) {
            return -1;
        }
        JsonNode value = field.get();
        if (value.isBoolean()) {
            return value.booleanValue()
                    ? body.smallInteger("top_logprobs", 0, MAX_TOP_LOGPROBS).orElse(0)
                    : -1;
        }
        if (value.isIntegralNumber() && value.asLong() >= 0 && value.asLong() <= MAX_TOP_LOGPROBS) {
            return value.asInt();
        }
        throw ApiError.badRequest(
                "'logprobs' must be true or false, or a number of alternatives from 0 to " + MAX_TOP_LOGPROBS,
                "logprobs");
    }
}
