package dev.hangar.formats.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Q4_0CodecTest {
    private final Q4_0Codec codec = new Q4_0Codec();

    @Test
    void elementJIsTheLowNibbleAndJPlus16TheHighNibbleOffsetBy8() {
        float[] values = new float[32];
        for (int j = 0; j < 16; j++) {
            values[j] = j - 8;
            values[j + 16] = 7 - j;
        }

        byte[] encoded = codec.encode(values);

        assertThat(encoded).hasSize(18);
        ByteBuffer block = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Float.float16ToFloat(block.getShort()))
                .as("-8 maps to q = 0 with d = 1")
                .isEqualTo(1f);
        for (int j = 0; j < 16; j++) {
            int packed = Byte.toUnsignedInt(block.get());
            assertThat(packed & 0xF).isEqualTo(j);
            assertThat(packed >>> 4).isEqualTo(15 - j);
        }
        assertThat(codec.decode(encoded)).containsExactly(values);
    }

    @Test
    void randomDataRoundTripsWithinOneScaleStep() {
        Random random = new Random(4);
        float[] values = new float[32 * 500];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * (float) Math.pow(10, random.nextInt(5) - 2);
        }

        float[] decoded = codec.decode(codec.encode(values));

        for (int block = 0; block < values.length / 32; block++) {
            float extreme = 0;
            for (int j = 0; j < 32; j++) {
                float value = values[block * 32 + j];
                extreme = Math.abs(value) > Math.abs(extreme) ? value : extreme;
            }
            float exactScale = Math.abs(extreme / 8f);
            float storedScale = Math.abs(Float.float16ToFloat(Float.floatToFloat16(extreme / -8f)));
            float scaleDrift = 8 * Math.abs(exactScale - storedScale) + Math.ulp(extreme);
            for (int j = 0; j < 32; j++) {
                int i = block * 32 + j;
                float error = Math.abs(decoded[i] - values[i]);
                // Only the far end (the opposite sign of the extreme, mapping to +8) is clamped to 7, a full step off.
                boolean clamped =
                        Math.signum(values[i]) == -Math.signum(extreme) && Math.abs(values[i]) > 7.5f * exactScale;
                float bound = (clamped ? storedScale : storedScale / 2) + scaleDrift;
                assertThat(error).as("element %d", i).isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void largestMagnitudeValueRoundTripsUpToItsF16Scale() {
        float[] values = new float[32];
        values[3] = -3.75f;
        values[20] = 1f;

        float[] decoded = codec.decode(codec.encode(values));

        assertThat(decoded[3]).isEqualTo(-3.75f);
    }
}
