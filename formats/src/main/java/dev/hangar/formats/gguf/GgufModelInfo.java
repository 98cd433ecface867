package dev.hangar.formats.gguf;

import dev.hangar.formats.ModelMetadata;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a model registry shows about a GGUF file, read from its metadata keys ({@code general.*},
 * {@code <architecture>.*}, {@code tokenizer.*}) and tensor infos.
 *
 * @param parameterCount the sum of all tensors' element counts
 * @param quantization from {@code general.file_type}, else the tensor type holding the most elements
 * @param vocabSize the number of {@code tokenizer.ggml.tokens}, else {@code <architecture>.vocab_size}
 */
public record GgufModelInfo(
        Optional<String> architecture,
        Optional<String> name,
        long parameterCount,
        OptionalLong contextLength,
        OptionalLong embeddingLength,
        OptionalLong blockCount,
        OptionalLong headCount,
        OptionalLong headCountKv,
        Optional<Quantization> quantization,
        Optional<String> tokenizerModel,
        OptionalLong vocabSize,
        Optional<String> chatTemplate,
        OptionalLong bosTokenId,
        OptionalLong eosTokenId,
        Optional<String> license,
        Optional<LoraAdapter> loraAdapter) {

    /**
     * A quantization name such as {@code Q4_K_M} or {@code F16}.
     *
     * @param inferredFromTensors true when the file has no known {@code general.file_type}, so the name is a tensor
     *     type (e.g. {@code Q4_K}) rather than a file type
     */
    public record Quantization(String name, boolean inferredFromTensors) {}

    /** Marks a LoRA adapter file: it only runs on top of a base model of {@code baseArchitecture}. */
    public record LoraAdapter(Optional<String> baseArchitecture, OptionalDouble alpha) {}

    /** @throws dev.hangar.formats.InvalidModelFile when a well-known key holds the wrong kind of value */
    public static GgufModelInfo of(GgufFile file) {
        TypedMetadata metadata = new TypedMetadata(file.metadata());
        Optional<String> architecture = metadata.string("general.architecture");
        String prefix = architecture.map(arch -> arch + ".").orElse("");
        OptionalLong tokens = metadata.arrayLength("tokenizer.ggml.tokens");
        return new GgufModelInfo(
                architecture,
                metadata.string("general.name"),
                file.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum(),
                architectureCount(metadata, prefix, "context_length"),
                architectureCount(metadata, prefix, "embedding_length"),
                architectureCount(metadata, prefix, "block_count"),
                architectureCount(metadata, prefix, "attention.head_count"),
                architectureCount(metadata, prefix, "attention.head_count_kv"),
                quantization(file, metadata),
                metadata.string("tokenizer.ggml.model"),
                tokens.isPresent() ? tokens : architectureCount(metadata, prefix, "vocab_size"),
                metadata.string("tokenizer.chat_template"),
                metadata.count("tokenizer.ggml.bos_token_id"),
                metadata.count("tokenizer.ggml.eos_token_id"),
                metadata.string("general.license"),
                loraAdapter(metadata, architecture));
    }

    /** The same facts in the format-neutral shape that Hugging Face directories are also read into. */
    public ModelMetadata toMetadata() {
        return new ModelMetadata(
                ModelMetadata.ModelFormat.GGUF,
                architecture,
                name,
                parameterCount,
                contextLength,
                embeddingLength,
                blockCount,
                headCount,
                headCountKv,
                quantization.map(q -> new ModelMetadata.Quantization(q.name(), q.inferredFromTensors())),
                tokenizerModel,
                vocabSize,
                chatTemplate,
                tokenWithId(bosTokenId),
                tokenWithId(eosTokenId),
                license,
                loraAdapter.map(lora -> new ModelMetadata.Adapter(
                        "lora",
                        Optional.empty(),
                        lora.baseArchitecture(),
                        OptionalLong.empty(),
                        lora.alpha(),
                        List.of())));
    }

    private static Optional<ModelMetadata.SpecialToken> tokenWithId(OptionalLong id) {
        return id.isPresent() ? Optional.of(new ModelMetadata.SpecialToken(id, Optional.empty())) : Optional.empty();
    }

    private static OptionalLong architectureCount(TypedMetadata metadata, String prefix, String key) {
        // Without general.architecture there is no namespace to look in.
        return prefix.isEmpty() ? OptionalLong.empty() : metadata.count(prefix + key);
    }

    private static Optional<Quantization> quantization(GgufFile file, TypedMetadata metadata) {
        OptionalLong fileTypeId = metadata.count("general.file_type");
        Optional<LlamaFileType> fileType =
                fileTypeId.isPresent() ? LlamaFileType.byId(fileTypeId.getAsLong()) : Optional.empty();
        if (fileType.isPresent()) {
            return Optional.of(new Quantization(fileType.get().name(), false));
        }
        return dominantTensorType(file).map(type -> new Quantization(type.name(), true));
    }

    private static Optional<GgmlType> dominantTensorType(GgufFile file) {
        Map<GgmlType, Long> elementsByType = new EnumMap<>(GgmlType.class);
        for (GgufTensorInfo tensor : file.tensors()) {
            elementsByType.merge(tensor.type(), tensor.elementCount(), Long::sum);
        }
        return elementsByType.entrySet().stream()
                .max(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .map(Map.Entry::getKey);
    }

    private static Optional<LoraAdapter> loraAdapter(TypedMetadata metadata, Optional<String> architecture) {
        boolean adapter =
                metadata.string("general.type").filter("adapter"::equals).isPresent();
        boolean lora = metadata.string("adapter.type").filter("lora"::equals).isPresent();
        if (!adapter || !lora) {
            return Optional.empty();
        }
        return Optional.of(new LoraAdapter(architecture, metadata.number("adapter.lora.alpha")));
    }
}
