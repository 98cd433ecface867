package dev.hangar.server.support;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufValue;
import dev.hangar.formats.gguf.GgufWriter;
import dev.hangar.formats.safetensors.SafetensorsDtype;
import dev.hangar.formats.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small real model files for registry tests: valid headers, known shapes, zero weights. */
public final class TestModels {

    private TestModels() {}

    /** A llama-architecture GGUF with two F32 tensors: 64×32 and 32 elements, 2,080 parameters. */
    public static Path gguf(Path file) {
        try {
            Files.createDirectories(file.getParent());
            new GgufWriter()
                    .put("general.architecture", new GgufValue.Str("llama"))
                    .put("general.name", new GgufValue.Str("test model"))
                    .put("general.license", new GgufValue.Str("apache-2.0"))
                    .put("general.file_type", new GgufValue.UInt32(0))
                    .put("llama.context_length", new GgufValue.UInt32(2048))
                    .put("llama.embedding_length", new GgufValue.UInt32(32))
                    .put("llama.block_count", new GgufValue.UInt32(1))
                    .put("llama.attention.head_count", new GgufValue.UInt32(4))
                    .put("llama.attention.head_count_kv", new GgufValue.UInt32(2))
                    .put("tokenizer.ggml.model", new GgufValue.Str("llama"))
                    .put("tokenizer.chat_template", new GgufValue.Str("{{ messages }}"))
                    .addTensor("token_embd.weight", GgmlType.F32, List.of(32L, 64L), new byte[64 * 32 * 4])
                    .addTensor("output_norm.weight", GgmlType.F32, List.of(32L), new byte[32 * 4])
                    .writeTo(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A safetensors file with one F16 tensor of 16×8 = 128 parameters. */
    public static Path safetensors(Path file) {
        try {
            Files.createDirectories(file.getParent());
            new SafetensorsWriter()
                    .addTensor(
                            "model.embed_tokens.weight", SafetensorsDtype.F16, List.of(16L, 8L), new byte[16 * 8 * 2])
                    .writeTo(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
