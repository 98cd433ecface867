package dev.hangar.formats.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Q8_0CodecTest {
    private final Q8_0Codec codec = new Q8_0Codec();

    @Test
    void blockIsHalfScaleFollowedBy32SignedBytes() {
        float[] values = new float[32];
        for (int j = 0; j < 32; j++) {
            values[j] = j - 16;
        }

        byte[] encoded = codec.encode(values);

        assertThat(encoded).hasSize(34);
        ByteBuffer block = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(block.getShort()).isEqualTo(Float.floatToFloat16(16f / 127f));
        assertThat(block.get()).as("-16 is the largest magnitude").isEqualTo((byte) -127);
        assertThat(encoded[2 + 16]).as("zero").isZero();
        assertThat(encoded[2 + 31]).as("15 * 127 / 16 = 119.06").isEqualTo((byte) 119);
    }

    @Test
    void halvesRoundAwayFromZeroLikeRoundf() {
        float[] values = new float[32];
        values[0] = 127f;
        values[1] = 2.5f;
        values[2] = -2.5f;

        byte[] encoded = codec.encode(values);

        assertThat(encoded[3]).isEqualTo((byte) 3);
        assertThat(encoded[4]).isEqualTo((byte) -3);
    }

    @Test
    void randomDataRoundTripsWithinHalfAScalePerBlock() {
        Random random = new Random(8);
        float[] values = new float[32 * 500];
        for (int i = 0; i < values.length; i++) {
            float magnitude = (float) Math.pow(10, random.nextInt(7) - 4);
            values[i] = (float) random.nextGaussian() * magnitude;
        }

        float[] decoded = codec.decode(codec.encode(values));

        for (int block = 0; block < values.length / 32; block++) {
            float absMax = 0;
            for (int j = 0; j < 32; j++) {
                absMax = Math.max(absMax, Math.abs(values[block * 32 + j]));
            }
            float exactScale = absMax / 127f;
            float storedScale = Float.float16ToFloat(Float.floatToFloat16(exactScale));
            // Rounding each q costs at most half a step; storing the scale as f16 moves every step by up to 127x.
            float bound = storedScale / 2 + 127 * Math.abs(exactScale - storedScale) + Math.ulp(absMax);
            for (int j = 0; j < 32; j++) {
                int i = block * 32 + j;
                assertThat(Math.abs(decoded[i] - values[i])).as("element %d", i).isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void zeroBlockDecodesToZeros() {
        assertThat(codec.decode(codec.encode(new float[64]))).containsOnly(0f);
    }

    @Test
    void partialBlocksAreRefused() {
        assertThatThrownBy(() -> codec.encode(new float[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode(new byte[35])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonFiniteValuesAreRefused() {
        float[] values = new float[32];
        values[5] = Float.NaN;

        assertThatThrownBy(() -> codec.encode(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 5 is NaN");
    }
}
