package dev.hangar.formats.hf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile Hugging Face directories: each is refused with an InvalidModelFile naming file and key. */
class HfModelDirectoryReaderRejectsBrokenDirectoriesTest {
    @TempDir
    Path root;

    @Test
    void configThatIsNotAnObjectIsRejected() {
        new HfDirectory(root).llama().file("config.json", "[1, 2]");

        assertRejected().hasMessageContaining("the file must hold a JSON object (at config.json)");
    }

    @Test
    void configThatIsNotJsonIsRejected() {
        new HfDirectory(root).llama().file("config.json", "{\"hidden_size\": 64,}");

        assertRejected().hasMessageContaining("config.json, character");
    }

    @Test
    void headCountGivenAsAStringIsRejectedNamingFileAndKey() {
        new HfDirectory(root).llama().file("config.json", "{\"num_attention_heads\": \"32\"}");

        assertRejected()
                .hasMessageContaining("num_attention_heads must be a non-negative integer, found the string \"32\"")
                .hasMessageContaining("config.json, key 'num_attention_heads'");
    }

    @Test
    void negativeLayerCountIsRejected() {
        new HfDirectory(root).llama().file("config.json", "{\"num_hidden_layers\": -2}");

        assertRejected().hasMessageContaining("num_hidden_layers must be a non-negative integer, found the number -2");
    }

    @Test
    void wronglyTypedNestedKeyIsNamedWithItsPath() {
        new HfDirectory(root).llama().file("config.json", "{\"text_config\": {\"hidden_size\": true}}");

        assertRejected().hasMessageContaining("config.json, key 'text_config.hidden_size'");
    }

    @Test
    void oversizedTokenizerJsonIsRefusedWithoutParsingIt() throws IOException {
        new HfDirectory(root).llama();
        try (RandomAccessFile sparse =
                new RandomAccessFile(root.resolve("tokenizer.json").toFile(), "rw")) {
            sparse.setLength(HfModelDirectoryReader.MAX_TOKENIZER_BYTES + 1);
        }

        assertRejected()
                .hasMessageContaining("file is larger than the limit of " + HfModelDirectoryReader.MAX_TOKENIZER_BYTES)
                .hasMessageContaining("tokenizer.json");
    }

    @Test
    void oversizedConfigIsRefused() {
        new HfDirectory(root).llama().file("config.json", "{\"x\": \"" + "a".repeat(1 << 20) + "\"}");

        assertRejected().hasMessageContaining("file is larger than the limit of 1048576 bytes (at config.json)");
    }

    @Test
    void configThatLinksOutsideTheDirectoryIsRefused(@TempDir Path elsewhere) throws IOException {
        new HfDirectory(root).llama();
        Path outside = Files.writeString(elsewhere.resolve("config.json"), HfDirectory.LLAMA_CONFIG);
        Files.delete(root.resolve("config.json"));
        Files.createSymbolicLink(root.resolve("config.json"), outside);

        assertRejected().hasMessageContaining("'config.json' is a link to").hasMessageContaining("outside the model");
    }

    @Test
    void directoryWithoutWeightsIsRejected() {
        new HfDirectory(root).file("config.json", HfDirectory.LLAMA_CONFIG);

        assertRejected().hasMessageContaining("no safetensors weights");
    }

    @Test
    void directoryWithoutAnyConfigIsRejected() {
        new HfDirectory(root).weights("model.safetensors");

        assertRejected().hasMessageContaining("neither config.json nor adapter_config.json exists");
    }

    @Test
    void missingShardOfAShardedDirectoryIsRejected() {
        new HfDirectory(root)
                .file("config.json", HfDirectory.LLAMA_CONFIG)
                .file(
                        "model.safetensors.index.json",
                        "{\"weight_map\": {\"a\": \"model-00001-of-00001.safetensors\"}}");

        assertRejected().hasMessageContaining("shard 'model-00001-of-00001.safetensors' is missing");
    }

    @Test
    void bosTokenOfTheWrongTypeIsRejected() {
        new HfDirectory(root).llama().file("tokenizer_config.json", "{\"bos_token\": 1}");

        assertRejected()
                .hasMessageContaining("bos_token must be a string or an object with \"content\"")
                .hasMessageContaining("tokenizer_config.json, key 'bos_token'");
    }

    @Test
    void chatTemplateOfTheWrongTypeIsRejected() {
        new HfDirectory(root).llama().file("tokenizer_config.json", "{\"chat_template\": {\"default\": \"x\"}}");

        assertRejected().hasMessageContaining("tokenizer_config.json, key 'chat_template'");
    }

    @Test
    void adapterWithoutPeftTypeIsRejected() {
        new HfDirectory(root).file("adapter_config.json", "{\"r\": 8}").weights("adapter_model.safetensors");

        assertRejected().hasMessageContaining("adapter_config.json, key 'peft_type'");
    }

    @Test
    void eosTokenListWithAStringIsRejected() {
        new HfDirectory(root).llama().file("generation_config.json", "{\"eos_token_id\": [\"2\"]}");

        assertRejected().hasMessageContaining("generation_config.json, key 'eos_token_id'");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected() {
        return assertThatThrownBy(() -> HfModelDirectoryReader.read(root)).isInstanceOf(InvalidModelFile.class);
    }
}
