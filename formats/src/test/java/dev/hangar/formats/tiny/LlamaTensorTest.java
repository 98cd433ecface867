package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LlamaTensorTest {

    @Test
    void queryRowsInterleaveEachHeadsHalvesAsLlamaCppExpects() {
        LlamaTensor query = new LlamaTensor("blk.0.attn_q.weight", "q_proj", 8, 8, false, 2);

        assertThat(IntStream.range(0, 8).map(query::hfRowOf).boxed().toList()).containsExactly(0, 2, 1, 3, 4, 6, 5, 7);
    }

    @Test
    void tensorsWithoutRopeKeepTheirRowOrder() {
        LlamaTensor value = new LlamaTensor("blk.0.attn_v.weight", "v_proj", 8, 8, false, 0);

        assertThat(IntStream.range(0, 8).map(value::hfRowOf).boxed().toList()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void ggufDimensionsAreThePytorchShapeReversed() {
        LlamaTensor down = new LlamaTensor("blk.0.ffn_down.weight", "down_proj", 64, 96, false, 0);
        LlamaTensor norm = new LlamaTensor("output_norm.weight", "model.norm.weight", 1, 64, true, 0);

        assertThat(down.hfShape()).isEqualTo(List.of(64L, 96L));
        assertThat(down.ggufDimensions()).isEqualTo(List.of(96L, 64L));
        assertThat(norm.hfShape()).isEqualTo(List.of(64L));
        assertThat(norm.ggufDimensions()).isEqualTo(List.of(64L));
    }
}
