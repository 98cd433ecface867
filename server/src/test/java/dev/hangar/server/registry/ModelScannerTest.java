package dev.hangar.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.imports.ImportRefused;
import dev.hangar.server.message.Message;
import dev.hangar.server.support.StandInClamscan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ClamAV's four outcomes, with a stand-in {@code clamscan} found before the PATH, run as a real process. */
class ModelScannerTest {

    @TempDir
    Path bin;

    @TempDir
    Path models;

    private ModelScanner scanner;

    @BeforeEach
    void installStandIn() throws IOException {
        StandInClamscan.install(bin);
        scanner = new ModelScanner(List.of(bin), Duration.ofSeconds(2));
    }

    private ModelScanner.Verdict scan(String directory) throws IOException, ImportRefused {
        Path root = Files.createDirectories(models.resolve(directory));
        Path file = Files.writeString(root.resolve("model.gguf"), "GGUF");
        return scanner.scan(root, List.of(file));
    }

    @Test
    void aCleanScanLeavesTheModelClean() throws Exception {
        ModelScanner.Verdict verdict = scan("clean");

        assertThat(verdict.clean()).isTrue();
        assertThat(verdict.summary().text())
                .contains("virus scan clean (clamscan)")
                .doesNotContain("skipped");
        assertThat(verdict.notes().stream().map(Message::code)).containsExactly("scan.headersValid", "scan.virusClean");
        assertThat(Files.readString(bin.resolve("clamscan.argv")))
                .contains(
                        "--no-summary",
                        "--infected",
                        "--recursive",
                        models.resolve("clean").toString());
    }

    @Test
    void aFindingQuarantinesTheModelNamingIt() throws Exception {
        ModelScanner.Verdict verdict = scan("eicar");

        assertThat(verdict.clean()).isFalse();
        assertThat(verdict.summary().code()).isEqualTo("scan.virusFound");
        assertThat(verdict.summary().text()).contains("virus scan found").contains("Eicar-Test-Signature FOUND");
    }

    @Test
    void aScannerErrorFailsTheScanWithItsOutput() {
        assertThatThrownBy(() -> scan("broken"))
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining("the virus scan failed (clamscan exit 2)")
                .hasMessageContaining("Can't open");
    }

    @Test
    void aScannerThatDoesNotFinishFailsTheScan() {
        assertThatThrownBy(() -> scan("slow"))
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining("did not finish within");
    }
}
