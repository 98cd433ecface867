package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.home.StartupProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A runtime file the catalog cannot use keeps the server from starting, with a sentence naming the file and the field. */
class RuntimeFileReaderTest {

    @TempDir
    Path dir;

    /** A copy of the server's own catalog, to break one file of. */
    @BeforeEach
    void copyTheBuiltInCatalog() throws IOException {
        copy("catalog.yaml");
        for (RuntimeSpec runtime : new RuntimeCatalog().all()) {
            copy(runtime.name() + ".yaml");
        }
    }

    record Broken(String file, String text, String replacement, String problem) {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }

    static Stream<Broken> brokenFiles() {
        return Stream.of(
                new Broken(
                        "vllm.yaml",
                        "    defaultValue: 1\n    min: 1\n    max: 64\n    help: GPUs each layer",
                        "    defaultValue: 100\n    min: 1\n    max: 64\n    help: GPUs each layer",
                        "vllm.yaml: engineArgs[0].defaultValue: must be between min and max"),
                new Broken(
                        "vllm.yaml",
                        "    help: GPUs each layer",
                        "    hlep: GPUs each layer",
                        "vllm.yaml: engineArgs[0].hlep: is not a field of an engine argument of type int; known: "),
                new Broken(
                        "llama-server.yaml",
                        "choices: [\"on\", \"off\", auto]",
                        "choices: [on, off, auto]",
                        "llama-server.yaml: engineArgs[7].choices[0]: must be text, not boolean true (write it in quotes)"),
                new Broken(
                        "vllm.yaml",
                        "\"{model}\"",
                        "\"{modle}\"",
                        "vllm.yaml: launch.command[2]: has an unknown placeholder {modle}"),
                new Broken(
                        "tgi.yaml",
                        "{arg: num-shard,",
                        "{arg: num-shards,",
                        "tgi.yaml: launch.resourceDefaults[0].arg: must name an int engine argument of this runtime, not num-shards"),
                new Broken(
                        "sglang.yaml",
                        "concurrencyArg: max-running-requests",
                        "concurrencyArg: dtype",
                        "sglang.yaml: concurrencyArg: must name an int engine argument of this runtime, not dtype"),
                new Broken(
                        "ollama.yaml",
                        "  modelfile: \"{workDir}/Modelfile\"\n",
                        "",
                        "ollama.yaml: launch.modelfile: is required: the runtime has arguments that go to a Modelfile"),
                new Broken(
                        "llama.cpp.yaml",
                        "name: llama.cpp",
                        "name: llamacpp",
                        "llama.cpp.yaml: name: is 'llamacpp', but a runtime's file is named after it"),
                new Broken(
                        "vllm.yaml",
                        "readinessTimeout: 20m",
                        "readinessTimeout: twenty minutes",
                        "vllm.yaml: readinessTimeout: must be a duration such as 30s or 20m"),
                new Broken(
                        "vllm.yaml",
                        "    type: enum\n    choices: [hermes",
                        "    type: choice\n    choices: [hermes",
                        "vllm.yaml: engineArgs[20].type: must be one of enum, bool, int, float, string, model, template, not 'choice'"),
                new Broken(
                        "vllm.yaml",
                        "tasks: [embeddings, text-generation]",
                        "tasks: [embeddings, text-generation",
                        "vllm.yaml: is not valid YAML"),
                new Broken("catalog.yaml", "  - tgi\n", "", "catalog.yaml: runtimes: does not list "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void aBrokenRuntimeFileIsRefusedNamingTheFileAndTheField(Broken broken) throws IOException {
        Path file = dir.resolve(broken.file());
        String text = Files.readString(file);
        assertThat(text).as("the text to break is in " + broken.file()).contains(broken.text());
        Files.writeString(file, text.replace(broken.text(), broken.replacement()));

        assertThatThrownBy(() -> reader().read())
                .as("the server's failure report prints the problem as the reason it cannot start")
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining(broken.problem());
    }

    @Test
    void theCopyReadsAsTheBuiltInCatalog() {
        assertThat(reader().read()).isEqualTo(new RuntimeCatalog().all());
    }

    private RuntimeFileReader reader() {
        return new RuntimeFileReader(dir.toUri().toString());
    }

    private void copy(String file) throws IOException {
        try (InputStream in = RuntimeFileReaderTest.class.getResourceAsStream("/runtimes/" + file)) {
            assertThat(in).as(file).isNotNull();
            Files.writeString(dir.resolve(file), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
