package dev.hangar.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hangar.formats.InMemoryChannel;
import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random damage to a valid file: the reader (and the model view on top) must either succeed or throw
 * {@link InvalidModelFile}, never another exception, whatever the damage; what it reads must then decode whole.
 */
class GgufReaderFuzzTest {
    private static final long SEED = 0x6767_7566L;
    private static final int MUTATIONS = 5_000;

    @Test
    void damagedFilesEitherReadOrFailAsInvalidModelFiles() throws IOException {
        byte[] valid = SmallGguf.build().bytes();
        Random random = new Random(SEED);
        int rejected = 0;
        for (int mutation = 0; mutation < MUTATIONS; mutation++) {
            byte[] damaged = damage(valid, random);
            try {
                GgufFile file = GgufReader.read(new InMemoryChannel(damaged));
                GgufModelInfo.of(file);
                // Arrays are decoded on access: hashing decodes every element, which must not fail once read.
                file.metadata().hashCode();
            } catch (InvalidModelFile expected) {
                rejected++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError unexpected) {
                fail(
                        "mutation %d (seed %d) threw %s; bytes: %s"
                                .formatted(mutation, SEED, unexpected, Arrays.toString(damaged)),
                        unexpected);
            }
        }

        assertThat(rejected).as("damage that was caught").isGreaterThan(MUTATIONS / 10);
    }

    private static byte[] damage(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        int edits = 1 + random.nextInt(4);
        for (int edit = 0; edit < edits; edit++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 ->
                    Arrays.fill(bytes, at, Math.min(bytes.length, at + 8), (byte) (random.nextBoolean() ? 0xFF : 0x7F));
                default -> bytes = Arrays.copyOf(bytes, at);
            }
            if (bytes.length == 0) {
                break;
            }
        }
        return bytes;
    }
}
