package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GenerationEndTest {

    @Test
    void whenOnlyTheBudgetCanEndTheGenerationItUsedExactlyMaxTokens() {
        GenerationEnd end = GenerationEnd.of(request(100, sampling(true, List.of())), 93);

        assertThat(end).isEqualTo(new GenerationEnd(100, FinishReason.LENGTH));
    }

    @Test
    void fewerOutputsThanTheBudgetWithAStopStringIsAStop() {
        GenerationEnd end = GenerationEnd.of(request(100, sampling(true, List.of("."))), 12);

        assertThat(end).isEqualTo(new GenerationEnd(12, FinishReason.STOP));
    }

    @Test
    void asManyOutputsAsTheBudgetIsALengthEvenWhenEndOfSequenceCouldStopIt() {
        GenerationEnd end = GenerationEnd.of(request(8, sampling(false, List.of())), 8);

        assertThat(end).isEqualTo(new GenerationEnd(8, FinishReason.LENGTH));
    }

    private static GenerationRequest request(int maxTokens, SamplingOptions sampling) {
        return new GenerationRequest("hello", 2, maxTokens, sampling);
    }

    private static SamplingOptions sampling(boolean ignoreEos, List<String> stop) {
        return new SamplingOptions(
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalInt.empty(),
                OptionalDouble.empty(),
                OptionalLong.empty(),
                stop,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty(),
                ignoreEos);
    }
}
