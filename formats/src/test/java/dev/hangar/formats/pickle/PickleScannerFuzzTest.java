package dev.hangar.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to valid bare and zipped pickles: the scanner must either give a verdict or throw
 * {@link InvalidModelFile}, never another exception, whatever the damage. A fixed number of
 * mutations from a fixed seed: the same bytes on every machine, however busy.
 */
class PickleScannerFuzzTest {
    private static final long SEED = 0x7069_636bL;
    private static final int MUTATIONS = 2_000;

    @TempDir
    Path directory;

    @Test
    void damagedPicklesEitherScanOrFailAsInvalidModelFiles() throws IOException {
        byte[] bare = TorchPickle.stateDict();
        Path zipFile = directory.resolve("valid.pt");
        PickleScannerTest.writeZip(zipFile, "archive/data.pkl", bare, new byte[16]);
        byte[] zipped = Files.readAllBytes(zipFile);
        Path target = directory.resolve("damaged.bin");
        Random random = new Random(SEED);
        int rejected = 0;
        for (int mutation = 0; mutation < MUTATIONS; mutation++) {
            byte[] damaged = damage(mutation % 4 == 0 ? zipped : bare, random);
            Files.write(target, damaged);
            try {
                PickleScanner.scan(target);
            } catch (InvalidModelFile expected) {
                rejected++;
            } catch (RuntimeException | IOException | StackOverflowError | OutOfMemoryError unexpected) {
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
        for (int edit = 0; edit < edits && bytes.length > 0; edit++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 ->
                    Arrays.fill(bytes, at, Math.min(bytes.length, at + 8), (byte) (random.nextBoolean() ? 0xFF : 0x7F));
                default -> bytes = Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }
}
