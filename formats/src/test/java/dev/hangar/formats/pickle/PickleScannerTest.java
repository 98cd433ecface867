package dev.hangar.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickleScannerTest {
    @TempDir
    Path directory;

    @Test
    void osSystemThroughGlobalAndReduceIsDangerous() throws IOException {
        byte[] pickle = new PickleBytes()
                .proto(2)
                .global("os", "system")
                .mark()
                .string("'touch /tmp/pwned'")
                .tuple()
                .reduce()
                .stop()
                .bytes();

        PickleScanResult result = scanBare(pickle);

        assertThat(result.verdict()).isEqualTo(PickleScanResult.Verdict.UNSAFE);
        assertThat(result.findings())
                .containsExactly(
                        new PickleFinding(
                                PickleFinding.Kind.DANGEROUS_GLOBAL, "os.system", "pickle evil.bin", 2, "GLOBAL"),
                        new PickleFinding(
                                PickleFinding.Kind.DANGEROUS_GLOBAL,
                                "os.system",
                                "pickle evil.bin",
                                pickle.length - 2,
                                "REDUCE"));
        assertThat(result.globals()).containsExactly("os.system");
    }

    @Test
    void builtinsEvalThroughStackGlobalWithMemoizedStringsIsResolved() throws IOException {
        byte[] pickle = new PickleBytes()
                .proto(4)
                .shortBinUnicode("builtins")
                .memoize()
                .shortBinUnicode("eval")
                .memoize()
                .op('0') // POP
                .op('0') // POP
                .binGet(0)
                .binGet(1)
                .stackGlobal()
                .shortBinUnicode("print(1)")
                .op(0x85) // TUPLE1
                .reduce()
                .stop()
                .bytes();

        PickleScanResult result = scanBare(pickle);

        assertThat(result.verdict()).isEqualTo(PickleScanResult.Verdict.UNSAFE);
        assertThat(result.findings())
                .extracting(PickleFinding::global, PickleFinding::opcode, PickleFinding::kind)
                .containsExactly(
                        tuple("builtins.eval", "STACK_GLOBAL", PickleFinding.Kind.DANGEROUS_GLOBAL),
                        tuple("builtins.eval", "REDUCE", PickleFinding.Kind.DANGEROUS_GLOBAL));
        assertThat(result.findings().getFirst().offset()).isEqualTo(26);
    }

    @Test
    void subprocessPopenThroughInstIsDangerous() throws IOException {
        byte[] pickle = new PickleBytes()
                .mark()
                .string("'id'")
                .inst("subprocess", "Popen")
                .stop()
                .bytes();

        PickleScanResult result = scanBare(pickle);

        assertThat(result.findings())
                .singleElement()
                .isEqualTo(new PickleFinding(
                        PickleFinding.Kind.DANGEROUS_GLOBAL, "subprocess.Popen", "pickle evil.bin", 7, "INST"));
    }

    @Test
    void stackGlobalWhoseNameIsComputedIsUnresolved() throws IOException {
        byte[] pickle = new PickleBytes()
                .proto(4)
                .shortBinUnicode("os")
                .global("builtins", "str")
                .emptyTuple()
                .reduce()
                .stackGlobal()
                .stop()
                .bytes();

        PickleScanResult result = scanBare(pickle);

        assertThat(result.findings())
                .extracting(PickleFinding::kind, PickleFinding::global)
                .contains(tuple(PickleFinding.Kind.UNRESOLVED_GLOBAL, "os.<computed>"));
        assertThat(result.verdict()).isEqualTo(PickleScanResult.Verdict.UNSAFE);
    }

    @Test
    void extensionRegistryImportIsFlagged() throws IOException {
        byte[] pickle = new PickleBytes().proto(2).op(0x82).raw(7).stop().bytes();

        assertThat(scanBare(pickle).findings())
                .singleElement()
                .extracting(PickleFinding::kind, PickleFinding::global)
                .containsExactly(PickleFinding.Kind.EXTENSION_CODE, "extension code 7");
    }

    @Test
    void unlistedHarmlessLookingGlobalIsStillUnsafe() throws IOException {
        byte[] pickle =
                new PickleBytes().proto(2).global("mylib.models", "Net").stop().bytes();

        PickleScanResult result = scanBare(pickle);

        assertThat(result.verdict()).isEqualTo(PickleScanResult.Verdict.UNSAFE);
        assertThat(result.findings().getFirst().kind()).isEqualTo(PickleFinding.Kind.UNLISTED_GLOBAL);
    }

    @Test
    void protocol2DictOfListsIsSafe() throws IOException {
        byte[] pickle = new PickleBytes()
                .proto(2)
                .op('}')
                .binPut(0)
                .mark()
                .binUnicode("a")
                .op(']')
                .mark()
                .binInt1(1)
                .binInt1(2)
                .op('e') // APPENDS
                .binUnicode("b")
                .op(']')
                .binInt1(3)
                .op('a') // APPEND
                .op('u') // SETITEMS
                .stop()
                .bytes();

        PickleScanResult result = scanBare(pickle);

        assertThat(result.verdict()).isEqualTo(PickleScanResult.Verdict.SAFE);
        assertThat(result.findings()).isEmpty();
        assertThat(result.globals()).isEmpty();
    }

    @Test
    void pytorchZipCheckpointIsSafe() throws IOException {
        Path checkpoint = directory.resolve("pytorch_model.bin");
        writeZip(checkpoint, "archive/data.pkl", TorchPickle.stateDict(), new byte[16]);

        PickleScanResult result = PickleScanner.scan(checkpoint);

        assertThat(result.findings()).isEmpty();
        assertThat(result.verdict()).isEqualTo(PickleScanResult.Verdict.SAFE);
        assertThat(result.globals())
                .containsExactly("collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage");
    }

    @Test
    void legacyTorchFileIsScannedUpToItsRawStorageBytes() throws IOException {
        byte[] magic = {
            (byte) 0x80,
            0x02,
            (byte) 0x8a,
            0x0a,
            0x6c,
            (byte) 0xfc,
            (byte) 0x9c,
            0x46,
            (byte) 0xf9,
            0x20,
            0x6a,
            (byte) 0xa8,
            0x50,
            0x19,
            0x2e
        };
        byte[] small = new PickleBytes().proto(2).binInt1(1).stop().bytes();
        byte[] storage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01};
        Path file = directory.resolve("legacy.pt");
        Files.write(file, concat(magic, small, small, TorchPickle.stateDict(), small, storage));

        assertThat(PickleScanner.scan(file).verdict()).isEqualTo(PickleScanResult.Verdict.SAFE);
    }

    @Test
    void dangerousPickleInsideAZipIsFoundWithItsEntry() throws IOException {
        Path checkpoint = directory.resolve("model.pt");
        byte[] evil =
                new PickleBytes().proto(2).global("posix", "system").stop().bytes();
        writeZip(checkpoint, "model/data.pkl", evil, new byte[0]);

        assertThat(PickleScanner.scan(checkpoint).findings())
                .singleElement()
                .extracting(PickleFinding::entry, PickleFinding::global)
                .containsExactly("pickle 'model/data.pkl'", "posix.system");
    }

    @Test
    void truncatedStreamsAreInvalidAtEveryCut() throws IOException {
        byte[] valid = TorchPickle.stateDict();
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> scanBare(cut)).as("cut at %d", length).isInstanceOf(InvalidModelFile.class);
        }
    }

    @Test
    void truncationAfterADangerousImportStillNamesIt() {
        byte[] pickle = new PickleBytes().proto(2).global("os", "system").mark().bytes();

        assertThatThrownBy(() -> scanBare(pickle))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("pickle is truncated; before that it imports or calls os.system");
    }

    @Test
    void absurdLengthIsRejectedWithoutReadingIt() {
        byte[] pickle =
                new PickleBytes().proto(4).op(0x8d).le(Long.MAX_VALUE, 8).stop().bytes();

        assertThatThrownBy(() -> scanBare(pickle))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("BINUNICODE8 claims 9223372036854775807 bytes but only 1 are left");
    }

    @Test
    void unknownOpcodeIsRejected() {
        assertThatThrownBy(() -> scanBare(new byte[] {(byte) 0x80, 0x02, (byte) 0xff, '.'}))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("unknown opcode 0xff")
                .hasMessageContaining("byte offset 2");
    }

    @Test
    void unsupportedProtocolAndStackUnderflowAreRejected() {
        assertThatThrownBy(() -> scanBare(new PickleBytes().proto(6).stop().bytes()))
                .hasMessageContaining("unsupported pickle protocol 6");
        assertThatThrownBy(() ->
                        scanBare(new PickleBytes().proto(2).reduce().stop().bytes()))
                .hasMessageContaining("REDUCE needs more values than the stack holds");
    }

    @Test
    void zipBombEntryIsRefusedInBoundedTime() throws IOException {
        Path bomb = directory.resolve("bomb.pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new PickleBytes().proto(2).bytes());
            byte[] noneThenPop = new byte[1 << 20];
            for (int i = 0; i < noneThenPop.length; i += 2) {
                noneThenPop[i] = 'N';
                noneThenPop[i + 1] = '0';
            }
            for (int i = 0; i < 80; i++) {
                zip.write(noneThenPop);
            }
            zip.closeEntry();
        }

        assertThat(Files.size(bomb)).as("compressed size").isLessThan(1 << 20);
        InvalidModelFile refusal = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> catchInvalid(bomb));
        assertThat(refusal.problem()).contains("outside the limit of " + PickleScanner.MAX_PICKLE_BYTES);
    }

    @Test
    void zipWithoutDataPickleIsNotACheckpoint() throws IOException {
        Path archive = directory.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write(1);
            zip.closeEntry();
        }

        assertThat(catchInvalid(archive).problem()).contains("holds no data.pkl");
    }

    @Test
    void brokenZipIsInvalid() throws IOException {
        Path archive = directory.resolve("broken.pt");
        Files.write(archive, new byte[] {'P', 'K', 3, 4, 0, 0, 0});

        assertThat(catchInvalid(archive).problem()).contains("not a readable zip archive");
    }

    static void writeZip(Path target, String pickleEntry, byte[] pickle, byte[] storage) throws IOException {
        String folder = pickleEntry.substring(0, pickleEntry.indexOf('/') + 1);
        try (OutputStream file = Files.newOutputStream(target);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(pickleEntry));
            zip.write(pickle);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(folder + "data/0"));
            zip.write(storage);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(folder + "version"));
            zip.write("3\n".getBytes());
            zip.closeEntry();
        }
    }

    private PickleScanResult scanBare(byte[] pickle) throws IOException {
        Path file = directory.resolve("evil.bin");
        Files.write(file, pickle);
        return PickleScanner.scan(file);
    }

    private static InvalidModelFile catchInvalid(Path file) {
        try {
            PickleScanner.scan(file);
        } catch (InvalidModelFile expected) {
            return expected;
        } catch (IOException unexpected) {
            throw new AssertionError(unexpected);
        }
        throw new AssertionError("scan of " + file + " succeeded");
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
