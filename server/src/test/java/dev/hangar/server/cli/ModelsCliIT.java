package dev.hangar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.HangarMain;
import dev.hangar.server.support.ServerTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hangar models …} run as a user runs it, against a real server. */
class ModelsCliIT extends ServerTest {

    private record Run(int exit, String out, String err) {}

    private Run hangar(String... args) {
        CommandLine cli = HangarMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() >= 2 && !all.get(1).equals("make-tiny")) {
            all.addAll(List.of("--url", baseUrl(), "--api-key", adminKey()));
        }
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void makeTinyWritesAGgufTheRegistryImportsListsShowsAndRemoves() throws Exception {
        Path file = SOURCES.resolve("cli").resolve(unique("tiny") + ".gguf");
        Files.createDirectories(file.getParent());
        String name = unique("cli-tiny");

        Run made = hangar("models", "make-tiny", file.toString(), "--size", "100k", "--type", "Q8_0");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("random weights");
        GgufModelInfo info = GgufModelInfo.of(GgufReader.read(file));
        assertThat(info.quantization())
                .hasValueSatisfying(q -> assertThat(q.name()).isEqualTo("Q8_0"));

        Run imported = hangar("models", "import", name, file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out())
                .contains("importing")
                .contains("scanning")
                .contains(name + " is ready")
                .contains("llama");

        Run list = hangar("models", "list", "-q", name);
        assertThat(list.out()).contains("NAME").contains(name).contains("ready").contains("gguf");

        Run show = hangar("models", "show", name);
        assertThat(show.out())
                .contains("architecture     llama")
                .contains("chatTemplate     present")
                .contains(file.getFileName().toString());

        Run removed = hangar("models", "rm", name);
        assertThat(removed.exit()).isZero();
        assertThat(hangar("models", "show", name).exit()).isEqualTo(1);
    }

    @Test
    void importWithUploadSendsADirectoryWithProgressAndTheModelBecomesReady() throws Exception {
        Path dir = SOURCES.resolve("cli").resolve(unique("hf-upload"));
        TinyModel.ofSize("1M", 4).writeHfDirectory(dir, GgmlType.F16);
        String name = unique("uploaded");

        Run run = hangar("models", "import", name, dir.toString(), "--upload");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("model.safetensors").contains("100%");
        assertThat(run.out()).contains(name + " is ready");
        assertThat(hangar("models", "show", name).out()).contains("config.json").contains("tokenizer.json");
    }

    @Test
    void errorsAreTheServersSentenceAndExitNonZero() {
        Run missing = hangar("models", "show", "no-such-model");
        Run badType = hangar("models", "make-tiny", HOME.resolve("x.gguf").toString(), "--type", "Q3_K");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err())
                .contains("No model 'no-such-model'")
                .contains("HTTP 404")
                .doesNotContain("Exception");
        assertThat(badType.exit()).isEqualTo(1);
        assertThat(badType.err()).contains("not Q3_K").doesNotContain("Exception");
    }

    @Test
    void unreachableServerSaysSo() {
        CommandLine cli = HangarMain.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("models", "list", "--url", "http://127.0.0.1:1", "--api-key", "x");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("Cannot reach Hangar at http://127.0.0.1:1");
    }
}
