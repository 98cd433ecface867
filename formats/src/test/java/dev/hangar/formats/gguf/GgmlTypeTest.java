package dev.hangar.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.InvalidModelFile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GgmlTypeTest {

    @ParameterizedTest
    @CsvSource({
        "0, F32, 1, 4",
        "1, F16, 1, 2",
        "2, Q4_0, 32, 18",
        "3, Q4_1, 32, 20",
        "6, Q5_0, 32, 22",
        "7, Q5_1, 32, 24",
        "8, Q8_0, 32, 34",
        "9, Q8_1, 32, 36",
        "10, Q2_K, 256, 84",
        "11, Q3_K, 256, 110",
        "12, Q4_K, 256, 144",
        "13, Q5_K, 256, 176",
        "14, Q6_K, 256, 210",
        "15, Q8_K, 256, 292",
        "16, IQ2_XXS, 256, 66",
        "17, IQ2_XS, 256, 74",
        "18, IQ3_XXS, 256, 98",
        "19, IQ1_S, 256, 50",
        "20, IQ4_NL, 32, 18",
        "21, IQ3_S, 256, 110",
        "22, IQ2_S, 256, 82",
        "23, IQ4_XS, 256, 136",
        "24, I8, 1, 1",
        "25, I16, 1, 2",
        "26, I32, 1, 4",
        "27, I64, 1, 8",
        "28, F64, 1, 8",
        "29, IQ1_M, 256, 56",
        "30, BF16, 1, 2",
        "34, TQ1_0, 256, 54",
        "35, TQ2_0, 256, 66",
        "39, MXFP4, 32, 17"
    })
    void idMapsToNameAndBlockGeometry(int id, String name, int blockSize, int bytesPerBlock) {
        GgmlType type = GgmlType.fromId(id, "test");

        assertThat(type.name()).isEqualTo(name);
        assertThat(type.id()).isEqualTo(id);
        assertThat(type.blockSize()).isEqualTo(blockSize);
        assertThat(type.bytesPerBlock()).isEqualTo(bytesPerBlock);
    }

    @Test
    void everyTypeHasADistinctId() {
        assertThat(Arrays.stream(GgmlType.values()).map(GgmlType::id)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 4, 5, 31, 32, 33, 36, 37, 38, 40, 1000, Long.MAX_VALUE})
    void removedOrUnknownIdIsRejectedWithItsLocation(long id) {
        assertThatThrownBy(() -> GgmlType.fromId(id, "tensor 'x'"))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("unknown ggml tensor type id " + id)
                .hasMessageContaining("tensor 'x'");
        assertThat(GgmlType.byId(id)).isEmpty();
    }

    @Test
    void bytesForCountsWholeBlocks() {
        assertThat(GgmlType.F32.bytesFor(10)).isEqualTo(40);
        assertThat(GgmlType.Q8_0.bytesFor(64)).isEqualTo(68);
        assertThat(GgmlType.Q4_K.bytesFor(4096L * 4096)).isEqualTo(4096L * 16 * 144);
        assertThat(GgmlType.BF16.bytesFor(0)).isZero();
    }

    @Test
    void bytesForRejectsPartialBlocks() {
        assertThatThrownBy(() -> GgmlType.Q4_0.bytesFor(33))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a whole number of Q4_0 blocks");
    }

    @Test
    void bytesForRejectsNegativeCounts() {
        assertThatThrownBy(() -> GgmlType.F32.bytesFor(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesForDetectsOverflow() {
        assertThatThrownBy(() -> GgmlType.F64.bytesFor(Long.MAX_VALUE / 4)).isInstanceOf(ArithmeticException.class);
    }
}
