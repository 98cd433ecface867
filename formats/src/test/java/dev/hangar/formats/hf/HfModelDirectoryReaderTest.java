package dev.hangar.formats.hf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.formats.InMemoryChannel;
import dev.hangar.formats.ModelMetadata;
import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufValue;
import dev.hangar.formats.gguf.GgufWriter;
import dev.hangar.formats.safetensors.SafetensorsDtype;
import dev.hangar.formats.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HfModelDirectoryReaderTest {
    @TempDir
    Path root;

    @Test
    void llamaDirectoryIsReadIntoTypedFields() throws IOException {
        HfDirectory directory = new HfDirectory(root)
                .llama()
                .file("generation_config.json", "{\"bos_token_id\": 1, \"eos_token_id\": [2, 7]}")
                .file("tokenizer_config.json", """
                        {"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>",
                         "chat_template": "{{ messages }}"}
                        """)
                .file("README.md", "---\nlanguage: en\nlicense: \"apache-2.0\"\n---\n# Tiny llama\nlicense: mit\n");

        ModelMetadata metadata = HfModelDirectoryReader.read(directory.path());

        assertThat(metadata.format()).isEqualTo(ModelMetadata.ModelFormat.HF_SAFETENSORS);
        assertThat(metadata.architecture()).contains("llama");
        assertThat(metadata.name()).contains("acme/tiny-llama");
        assertThat(metadata.parameterCount()).isEqualTo(36);
        assertThat(metadata.contextLength()).hasValue(4096);
        assertThat(metadata.embeddingLength()).hasValue(64);
        assertThat(metadata.layerCount()).hasValue(2);
        assertThat(metadata.headCount()).hasValue(4);
        assertThat(metadata.kvHeadCount()).hasValue(2);
        assertThat(metadata.quantization()).contains(new ModelMetadata.Quantization("BF16", false));
        assertThat(metadata.tokenizerModel()).contains("llama");
        assertThat(metadata.vocabSize()).hasValue(32000);
        assertThat(metadata.chatTemplate()).contains("{{ messages }}");
        assertThat(metadata.bosToken()).contains(token(1, "<s>"));
        assertThat(metadata.eosToken())
                .as("generation_config wins, first of the list")
                .contains(token(2, "</s>"));
        assertThat(metadata.license()).contains("apache-2.0");
        assertThat(metadata.adapter()).isEmpty();
    }

    @Test
    void hfDirectoryAndTheEquivalentGgufFileGiveTheSameMetadata() throws IOException {
        ModelMetadata fromHf = HfModelDirectoryReader.read(new HfDirectory(root)
                .llama()
                .file("tokenizer_config.json", "{\"chat_template\": \"{{ messages }}\"}")
                .file("README.md", "---\nlicense: apache-2.0\n---\n")
                .path());
        GgufWriter gguf = new GgufWriter()
                .put("general.architecture", new GgufValue.Str("llama"))
                .put("general.name", new GgufValue.Str("acme/tiny-llama"))
                .put("general.license", new GgufValue.Str("apache-2.0"))
                .put("general.file_type", new GgufValue.UInt32(32))
                .put("llama.context_length", new GgufValue.UInt32(4096))
                .put("llama.embedding_length", new GgufValue.UInt32(64))
                .put("llama.block_count", new GgufValue.UInt32(2))
                .put("llama.attention.head_count", new GgufValue.UInt32(4))
                .put("llama.attention.head_count_kv", new GgufValue.UInt32(2))
                .put("llama.vocab_size", new GgufValue.UInt32(32000))
                .put("tokenizer.ggml.model", new GgufValue.Str("llama"))
                .put("tokenizer.ggml.bos_token_id", new GgufValue.UInt32(1))
                .put("tokenizer.ggml.eos_token_id", new GgufValue.UInt32(2))
                .put("tokenizer.chat_template", new GgufValue.Str("{{ messages }}"))
                .addTensor("token_embd.weight", GgmlType.BF16, List.of(4L, 8L), new byte[64])
                .addTensor("output_norm.weight", GgmlType.F32, List.of(4L), new byte[16]);
        ModelMetadata fromGguf = GgufModelInfo.of(GgufReader.read(new InMemoryChannel(gguf.toByteArray())))
                .toMetadata();

        assertThat(fromHf)
                .usingRecursiveComparison()
                .ignoringFields("format", "bosToken", "eosToken")
                .isEqualTo(fromGguf);
        assertThat(fromGguf.format()).isEqualTo(ModelMetadata.ModelFormat.GGUF);
        // GGUF stores only special-token ids; the HF directory also names their text.
        assertThat(fromGguf.bosToken()).contains(new ModelMetadata.SpecialToken(OptionalLong.of(1), Optional.empty()));
        assertThat(fromHf.bosToken()).contains(token(1, "<s>"));
        assertThat(fromGguf.eosToken().orElseThrow().id())
                .isEqualTo(fromHf.eosToken().orElseThrow().id());
    }

    @Test
    void shardedCheckpointCountsTheParametersOfEveryShard() throws IOException {
        HfDirectory directory = new HfDirectory(root).file("config.json", HfDirectory.LLAMA_CONFIG);
        directory.weights("model-00001-of-00002.safetensors");
        new SafetensorsWriter()
                .addTensor("lm_head.weight", SafetensorsDtype.BF16, List.of(8L, 4L), new byte[64])
                .writeTo(root.resolve("model-00002-of-00002.safetensors"));
        directory.file("model.safetensors.index.json", """
                {"metadata": {"total_size": 144}, "weight_map": {
                  "model.embed_tokens.weight": "model-00001-of-00002.safetensors",
                  "model.norm.weight": "model-00001-of-00002.safetensors",
                  "lm_head.weight": "model-00002-of-00002.safetensors"}}
                """);

        assertThat(HfModelDirectoryReader.read(root).parameterCount()).isEqualTo(36 + 32);
    }

    @Test
    void withoutKvHeadsEveryHeadHasItsOwnAndWithoutDtypeTheDominantTensorTypeIsReported() throws IOException {
        new HfDirectory(root)
                .file(
                        "config.json",
                        "{\"model_type\": \"gpt2\", \"n_positions\": 1024, \"n_embd\": 768, "
                                + "\"n_layer\": 12, \"n_head\": 12}")
                .weights("model.safetensors");

        ModelMetadata metadata = HfModelDirectoryReader.read(root);

        assertThat(metadata.contextLength()).hasValue(1024);
        assertThat(metadata.embeddingLength()).hasValue(768);
        assertThat(metadata.layerCount()).hasValue(12);
        assertThat(metadata.headCount()).hasValue(12);
        assertThat(metadata.kvHeadCount()).hasValue(12);
        assertThat(metadata.quantization()).contains(new ModelMetadata.Quantization("BF16", true));
        assertThat(metadata.tokenizerModel()).isEmpty();
    }

    @Test
    void multimodalConfigIsReadFromItsTextConfig() throws IOException {
        new HfDirectory(root).file("config.json", """
                        {"architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
                         "text_config": {"hidden_size": 2560, "num_hidden_layers": 34, "num_attention_heads": 8,
                                         "num_key_value_heads": 4, "max_position_embeddings": 131072}}
                        """).weights("model.safetensors");

        ModelMetadata metadata = HfModelDirectoryReader.read(root);

        assertThat(metadata.architecture()).contains("gemma3");
        assertThat(metadata.embeddingLength()).hasValue(2560);
        assertThat(metadata.layerCount()).hasValue(34);
        assertThat(metadata.kvHeadCount()).hasValue(4);
        assertThat(metadata.contextLength()).hasValue(131072);
    }

    @Test
    void architectureFallsBackToTheFirstArchitectureClassAndLocalPathsAreNoName() throws IOException {
        new HfDirectory(root)
                .file("config.json", "{\"architectures\": [\"MyForCausalLM\"], \"_name_or_path\": \"/home/me/ckpt\"}")
                .weights("model.safetensors");

        ModelMetadata metadata = HfModelDirectoryReader.read(root);

        assertThat(metadata.architecture()).contains("MyForCausalLM");
        assertThat(metadata.name()).isEmpty();
    }

    @Test
    void quantizationConfigNamesTheMethodAndBits() throws IOException {
        new HfDirectory(root)
                .file(
                        "config.json",
                        "{\"torch_dtype\": \"float16\", "
                                + "\"quantization_config\": {\"quant_method\": \"gptq\", \"bits\": 4}}")
                .weights("model.safetensors");

        assertThat(HfModelDirectoryReader.read(root).quantization())
                .contains(new ModelMetadata.Quantization("GPTQ-4bit", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void tokenizerKindIsNamedAsGgufNamesIt(String description, String tokenizerJson, String expected)
            throws IOException {
        new HfDirectory(root)
                .file("config.json", "{}")
                .file("tokenizer.json", tokenizerJson)
                .weights("model.safetensors");

        assertThat(HfModelDirectoryReader.read(root).tokenizerModel()).isEqualTo(Optional.ofNullable(expected));
    }

    static Stream<Arguments> tokenizers() {
        return Stream.of(
                Arguments.of("SentencePiece BPE with byte fallback", HfDirectory.LLAMA_TOKENIZER, "llama"),
                Arguments.of(
                        "byte-level BPE inside a Sequence (Llama 3)",
                        "{\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\"}, "
                                + "{\"type\": \"ByteLevel\"}]}, \"model\": {\"type\": \"BPE\", \"byte_fallback\": false}}",
                        "gpt2"),
                Arguments.of(
                        "byte-level BPE (GPT-2)",
                        "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\"}}",
                        "gpt2"),
                Arguments.of("WordPiece", "{\"model\": {\"type\": \"WordPiece\"}}", "bert"),
                Arguments.of("Unigram", "{\"model\": {\"type\": \"Unigram\"}}", "t5"),
                Arguments.of("BPE of no known family", "{\"model\": {\"type\": \"BPE\"}}", null),
                Arguments.of("WordLevel", "{\"model\": {\"type\": \"WordLevel\"}}", null));
    }

    @Test
    void sentencePieceModelFileWithoutTokenizerJsonIsLlamaStyle() throws IOException {
        new HfDirectory(root)
                .file("config.json", "{}")
                .file("tokenizer.model", "")
                .weights("model.safetensors");

        assertThat(HfModelDirectoryReader.read(root).tokenizerModel()).contains("llama");
    }

    @Test
    void namedChatTemplatesYieldTheDefaultOne() throws IOException {
        new HfDirectory(root)
                .file("config.json", "{}")
                .file(
                        "tokenizer_config.json",
                        "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"}, "
                                + "{\"name\": \"default\", \"template\": \"D\"}]}")
                .weights("model.safetensors");

        assertThat(HfModelDirectoryReader.read(root).chatTemplate()).contains("D");
    }

    @Test
    void chatTemplateFileWinsOverTokenizerConfig() throws IOException {
        new HfDirectory(root)
                .file("config.json", "{}")
                .file("tokenizer_config.json", "{\"chat_template\": \"old\"}")
                .file("chat_template.jinja", "{% for m in messages %}{{ m }}{% endfor %}")
                .weights("model.safetensors");

        assertThat(HfModelDirectoryReader.read(root).chatTemplate())
                .contains("{% for m in messages %}{{ m }}{% endfor %}");
    }

    @Test
    void specialTokenIdsAreFoundFromTheirTextInAddedTokens() throws IOException {
        new HfDirectory(root)
                .file("config.json", "{}")
                .file("tokenizer.json", HfDirectory.LLAMA_TOKENIZER)
                .file("tokenizer_config.json", "{\"bos_token\": \"<s>\", \"eos_token\": null}")
                .weights("model.safetensors");

        ModelMetadata metadata = HfModelDirectoryReader.read(root);

        assertThat(metadata.bosToken()).contains(token(1, "<s>"));
        assertThat(metadata.eosToken()).isEmpty();
    }

    @Test
    void loraAdapterDirectoryIsRecognisedAsAnAdapter() throws IOException {
        new HfDirectory(root).file("adapter_config.json", """
                        {"peft_type": "LORA", "base_model_name_or_path": "meta-llama/Llama-3.1-8B", "r": 16,
                         "lora_alpha": 32, "target_modules": ["q_proj", "v_proj"], "task_type": "CAUSAL_LM"}
                        """).weights("adapter_model.safetensors");

        ModelMetadata metadata = HfModelDirectoryReader.read(root);

        assertThat(metadata.adapter())
                .contains(new ModelMetadata.Adapter(
                        "lora",
                        Optional.of("meta-llama/Llama-3.1-8B"),
                        Optional.empty(),
                        OptionalLong.of(16),
                        OptionalDouble.of(32),
                        List.of("q_proj", "v_proj")));
        assertThat(metadata.parameterCount()).isEqualTo(36);
        assertThat(metadata.architecture()).isEmpty();
    }

    @Test
    void adapterTargetModulesMayBeOneRegularExpression() throws IOException {
        new HfDirectory(root)
                .file("config.json", HfDirectory.LLAMA_CONFIG)
                .file("adapter_config.json", "{\"peft_type\": \"LORA\", \"target_modules\": \".*proj\"}")
                .weights("adapter_model.safetensors");

        ModelMetadata.Adapter adapter =
                HfModelDirectoryReader.read(root).adapter().orElseThrow();

        assertThat(adapter.targetModules()).containsExactly(".*proj");
        assertThat(adapter.baseArchitecture()).contains("llama");
    }

    private static ModelMetadata.SpecialToken token(long id, String text) {
        return new ModelMetadata.SpecialToken(OptionalLong.of(id), Optional.of(text));
    }
}
