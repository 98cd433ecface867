package dev.hangar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.tiny.TinyModel;
import dev.hangar.server.support.ServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code hangar models …} run as a user runs it, against a real server. */
class ModelsCliIT extends ServerTest {

    private HangarCli.Run hangar(String... args) {
        return args[1].equals("make-tiny") ? HangarCli.local(args) : new HangarCli(baseUrl(), adminKey()).run(args);
    }

    @Test
    void makeTinyWritesAGgufTheRegistryImportsListsShowsAndRemoves() throws Exception {
        Path file = SOURCES.resolve("cli").resolve(unique("tiny") + ".gguf");
        Files.createDirectories(file.getParent());
        String name = unique("cli-tiny");

        HangarCli.Run made = hangar("models", "make-tiny", file.toString(), "--size", "100k", "--type", "Q8_0");
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("random weights");
        GgufModelInfo info = GgufModelInfo.of(GgufReader.read(file));
        assertThat(info.quantization())
                .hasValueSatisfying(q -> assertThat(q.name()).isEqualTo("Q8_0"));

        HangarCli.Run imported = hangar("models", "import", name, file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out())
                .contains("importing")
                .contains("scanning")
                .contains(name + " is ready")
                .contains("llama");

        HangarCli.Run list = hangar("models", "list", "-q", name);
        assertThat(list.out()).contains("NAME").contains(name).contains("ready").contains("gguf");

        HangarCli.Run show = hangar("models", "show", name);
        assertThat(show.out())
                .contains("architecture     llama")
                .contains("chatTemplate     present")
                .contains(file.getFileName().toString());

        HangarCli.Run removed = hangar("models", "rm", name);
        assertThat(removed.exit()).isZero();
        assertThat(hangar("models", "show", name).exit()).isEqualTo(1);
    }

    @Test
    void importWithUploadSendsADirectoryWithProgressAndTheModelBecomesReady() throws Exception {
        Path dir = SOURCES.resolve("cli").resolve(unique("hf-upload"));
        TinyModel.ofSize("1M", 4).writeHfDirectory(dir, GgmlType.F16);
        String name = unique("uploaded");

        HangarCli.Run run = hangar("models", "import", name, dir.toString(), "--upload");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("model.safetensors").contains("100%");
        assertThat(run.out()).contains(name + " is ready");
        assertThat(hangar("models", "show", name).out()).contains("config.json").contains("tokenizer.json");
    }

    @Test
    void importOfAPathTheServerDoesNotRegisterInPlaceUploadsIt() throws Exception {
        Path outsideTheRoots = Files.createTempDirectory("hangar-cli-home");
        Path file = outsideTheRoots.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 3).writeGguf(file, GgmlType.Q8_0);
        String name = unique("quickstart");

        HangarCli.Run run = hangar("models", "import", name, file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("does not register " + file + " in place; uploading it instead");
        assertThat(run.out()).contains(name + " is ready");
        assertThat(hangar("models", "show", name).out()).contains("/models/mdl_");
    }

    @Test
    void errorsAreTheServersSentenceAndExitNonZero() {
        HangarCli.Run missing = hangar("models", "show", "no-such-model");
        HangarCli.Run badType =
                hangar("models", "make-tiny", HOME.resolve("x.gguf").toString(), "--type", "Q3_K");

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
        HangarCli.Run run = new HangarCli("http://127.0.0.1:1", "x").run("models", "list");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot reach Hangar at http://127.0.0.1:1");
    }
}
