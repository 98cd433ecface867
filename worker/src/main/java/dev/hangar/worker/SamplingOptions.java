package dev.hangar.worker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Sampling settings of one request, already validated; absent values keep llama.cpp's defaults.
 *
 * @param grammar a GBNF grammar the output must follow (from {@code response_format})
 * @param logitBias token id to a bias added to its logit (OpenAI's {@code logit_bias})
 * @param ignoreEos keep generating past the end-of-sequence token (vLLM's extension; benchmarks and tests use it)
 */
public record SamplingOptions(
        OptionalDouble temperature,
        OptionalDouble topP,
        OptionalInt topK,
        OptionalDouble minP,
        OptionalLong seed,
        List<String> stop,
        OptionalDouble presencePenalty,
        OptionalDouble frequencyPenalty,
        Optional<String> grammar,
        Map<Integer, Float> logitBias,
        boolean ignoreEos) {

    public SamplingOptions {
        stop = List.copyOf(stop);
        logitBias = Map.copyOf(logitBias);
    }

    public static SamplingOptions defaults() {
        return new SamplingOptions(
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalInt.empty(),
                OptionalDouble.empty(),
                OptionalLong.empty(),
                List.of(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty(),
                Map.of(),
                false);
    }
}
