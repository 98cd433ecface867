package dev.hangar.formats.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfPrecisionCodecsTest {

    @Test
    void bf16RoundsToNearestEven() {
        assertThat(BF16Codec.fromFloat(1f)).isEqualTo((short) 0x3F80);
        assertThat(BF16Codec.fromFloat(Float.intBitsToFloat(0x3F808000)))
                .as("tie, even stays")
                .isEqualTo((short) 0x3F80);
        assertThat(BF16Codec.fromFloat(Float.intBitsToFloat(0x3F818000)))
                .as("tie, odd rounds up")
                .isEqualTo((short) 0x3F82);
        assertThat(BF16Codec.fromFloat(Float.intBitsToFloat(0x3F808001)))
                .as("above the tie")
                .isEqualTo((short) 0x3F81);
        assertThat(BF16Codec.fromFloat(-2f)).isEqualTo((short) 0xC000);
    }

    @Test
    void bf16KeepsNaNAndInfinities() {
        assertThat(BF16Codec.toFloat(BF16Codec.fromFloat(Float.NaN))).isNaN();
        assertThat(BF16Codec.toFloat(BF16Codec.fromFloat(Float.intBitsToFloat(0x7F800001))))
                .isNaN();
        assertThat(BF16Codec.toFloat(BF16Codec.fromFloat(Float.POSITIVE_INFINITY)))
                .isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void bf16RoundTripKeepsEightSignificantBits() {
        float[] values = randomValues(1000);
        BF16Codec codec = new BF16Codec();

        float[] decoded = codec.decode(codec.encode(values));

        for (int i = 0; i < values.length; i++) {
            assertThat(Math.abs(decoded[i] - values[i])).isLessThanOrEqualTo(Math.abs(values[i]) / 256);
        }
    }

    @Test
    void f16RoundTripKeepsElevenSignificantBits() {
        float[] values = randomValues(1000);
        F16Codec codec = new F16Codec();

        byte[] encoded = codec.encode(values);
        float[] decoded = codec.decode(encoded);

        assertThat(encoded).hasSize(2000);
        for (int i = 0; i < values.length; i++) {
            assertThat(Math.abs(decoded[i] - values[i])).isLessThanOrEqualTo(Math.abs(values[i]) / 2048);
        }
    }

    @Test
    void f16IsLittleEndian() {
        assertThat(new F16Codec().encode(new float[] {1f})).containsExactly(0x00, 0x3C);
    }

    @Test
    void f32IsExactAndLittleEndian() {
        float[] values = randomValues(100);
        F32Codec codec = new F32Codec();

        assertThat(codec.decode(codec.encode(values))).containsExactly(values);
        assertThat(codec.encode(new float[] {1f})).containsExactly(0x00, 0x00, 0x80, 0x3F);
    }

    @Test
    void codecsAreFoundByTensorType() {
        assertThat(FloatCodec.forType(GgmlType.Q8_0)).containsInstanceOf(Q8_0Codec.class);
        assertThat(FloatCodec.forType(GgmlType.Q4_0)).containsInstanceOf(Q4_0Codec.class);
        assertThat(FloatCodec.forType(GgmlType.F16)).containsInstanceOf(F16Codec.class);
        assertThat(FloatCodec.forType(GgmlType.BF16)).containsInstanceOf(BF16Codec.class);
        assertThat(FloatCodec.forType(GgmlType.F32)).containsInstanceOf(F32Codec.class);
        assertThat(FloatCodec.forType(GgmlType.Q4_K)).isEmpty();
    }

    /** Values in f16's normal range, so that the relative error bound holds. */
    private static float[] randomValues(int count) {
        Random random = new Random(16);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(2, random.nextDouble() * 28 - 13));
        }
        return values;
    }
}
