package dev.hangar.formats.hf;

import dev.hangar.formats.safetensors.SafetensorsDtype;
import dev.hangar.formats.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes Hugging Face model directories for tests: JSON files as given, a tiny safetensors checkpoint. */
final class HfDirectory {
    static final String LLAMA_CONFIG = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "_name_or_path": "acme/tiny-llama",
             "max_position_embeddings": 4096, "hidden_size": 64, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "torch_dtype": "bfloat16",
             "vocab_size": 32000, "bos_token_id": 1, "eos_token_id": 2}
            """;

    /** SentencePiece-style BPE as Llama 2 ships it, with the special tokens as added tokens. */
    static final String LLAMA_TOKENIZER = """
            {"version": "1.0",
             "added_tokens": [{"id": 0, "content": "<unk>", "special": true},
                              {"id": 1, "content": "<s>", "special": true},
                              {"id": 2, "content": "</s>", "special": true}],
             "pre_tokenizer": {"type": "Metaspace", "replacement": "▁"},
             "model": {"type": "BPE", "byte_fallback": true, "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2}, "merges": []}}
            """;

    private final Path root;

    HfDirectory(Path root) {
        this.root = root;
    }

    Path path() {
        return root;
    }

    HfDirectory file(String name, String content) {
        try {
            Files.writeString(root.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An embedding of 8 × 4 BF16 and a norm of 4 F32: 36 parameters, mostly BF16. */
    HfDirectory weights(String name) {
        try {
            new SafetensorsWriter()
                    .addTensor("model.embed_tokens.weight", SafetensorsDtype.BF16, List.of(8L, 4L), new byte[64])
                    .addTensor("model.norm.weight", SafetensorsDtype.F32, List.of(4L), new byte[16])
                    .writeTo(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    HfDirectory llama() {
        return file("config.json", LLAMA_CONFIG)
                .file("tokenizer.json", LLAMA_TOKENIZER)
                .weights("model.safetensors");
    }
}
