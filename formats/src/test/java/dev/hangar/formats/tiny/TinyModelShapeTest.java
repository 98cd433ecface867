package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TinyModelShapeTest {
    private static final int VOCAB = TinyVocabulary.standard().size();

    @ParameterizedTest
    @CsvSource({
        "100k,  32,  4,  2,  2,   96",
        "1M,   192,  2,  6,  3,  512",
        "10M,  384,  6, 12,  6, 1024",
        "85M,  768, 13, 12,  6, 2048",
        "100M, 832, 12, 13, 13, 2240"
    })
    void documentedSizesGetTheDocumentedShapes(String size, int hidden, int layers, int heads, int kvHeads, int ffn) {
        TinyModelShape shape = TinyModelShape.fit(TinyModelShape.parseParameterCount(size), VOCAB);

        assertThat(shape)
                .isEqualTo(
                        new TinyModelShape(VOCAB, hidden, layers, heads, kvHeads, ffn, TinyModelShape.CONTEXT_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100k", "300k", "1M", "3M", "10M", "30M", "85M", "100M", "1B"})
    void fittedShapesLandWithinTwentyPercentAndInWholeQuantizationBlocks(String size) {
        long target = TinyModelShape.parseParameterCount(size);

        TinyModelShape shape = TinyModelShape.fit(target, VOCAB);

        assertThat((double) shape.parameterCount()).isCloseTo(target, within(target * 0.2));
        assertThat(shape.hidden() % 32).isZero();
        assertThat(shape.feedForward() % 32).isZero();
    }

    @Test
    void parameterCountIsTheSumOfTheLayoutsTensors() {
        TinyModelShape shape = TinyModelShape.fit(1_000_000, VOCAB);

        long elements = LlamaTensorLayout.of(shape).stream()
                .mapToLong(LlamaTensor::elementCount)
                .sum();

        assertThat(shape.parameterCount()).isEqualTo(elements);
    }

    @Test
    void sizesAreReadAsPeopleWriteThem() {
        assertThat(List.of("100k", "1M", "85m", "1.5B", "1234", " 10M "))
                .map(TinyModelShape::parseParameterCount)
                .containsExactly(100_000L, 1_000_000L, 85_000_000L, 1_500_000_000L, 1234L, 10_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "M", "abc", "-1M", "0", "1e6", "1.M"})
    void textThatIsNotASizeIsRefusedWithTheText(String text) {
        assertThatThrownBy(() -> TinyModelShape.parseParameterCount(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a parameter count");
    }

    @Test
    void targetsOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> TinyModelShape.fit(1_000, VOCAB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TinyModelShape.fit(20_000_000_000L, VOCAB))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headsThatDoNotSplitHiddenEvenlyAreRefused() {
        assertThatThrownBy(() -> new TinyModelShape(VOCAB, 96, 1, 5, 5, 256, 2048))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TinyModelShape(VOCAB, 96, 1, 6, 4, 256, 2048))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
