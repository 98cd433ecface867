package dev.hangar.formats.hf;

import dev.hangar.formats.ConfinedDirectory;
import dev.hangar.formats.InvalidModelFile;
import dev.hangar.formats.ModelMetadata;
import dev.hangar.formats.safetensors.JsonFields;
import dev.hangar.formats.safetensors.JsonValue;
import dev.hangar.formats.safetensors.SafetensorsCheckpoint;
import dev.hangar.formats.safetensors.SafetensorsDtype;
import dev.hangar.formats.safetensors.SafetensorsReader;
import dev.hangar.formats.safetensors.ShardedSafetensorsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a Hugging Face model directory ({@code config.json}, optional {@code generation_config.json}, tokenizer files,
 * a single or sharded safetensors checkpoint) or a PEFT adapter directory ({@code adapter_config.json},
 * {@code adapter_model.safetensors}) into the same {@link ModelMetadata} that a GGUF file gives. Only headers and small
 * JSON files are read, each under a size cap, and every file must lie inside the directory.
 */
public final class HfModelDirectoryReader {
    public static final long MAX_CONFIG_BYTES = 1L << 20;
    public static final long MAX_TOKENIZER_BYTES = HfTokenizer.MAX_TOKENIZER_BYTES;

    static final String GENERATION_CONFIG = "generation_config.json";
    static final String SINGLE_FILE_WEIGHTS = "model.safetensors";

    private HfModelDirectoryReader() {}

    /** Reads {@code directory}, refusing files that are, or link to, anything outside it. */
    public static ModelMetadata read(Path directory) throws IOException {
        return read(ConfinedDirectory.of(directory));
    }

    /**
     * @throws InvalidModelFile naming the file and key that is missing, too large or of the wrong type
     */
    public static ModelMetadata read(ConfinedDirectory directory) throws IOException {
        Optional<JsonFields> adapterConfig =
                HfTokenizer.json(directory, PeftAdapterConfig.FILE_NAME, PeftAdapterConfig.MAX_BYTES);
        Optional<JsonFields> configJson = HfTokenizer.json(directory, HfConfig.FILE_NAME, MAX_CONFIG_BYTES);
        if (configJson.isEmpty() && adapterConfig.isEmpty()) {
            throw new InvalidModelFile(
                    "neither config.json nor adapter_config.json exists", "model directory " + directory.path());
        }
        // An adapter directory usually has no config.json; an empty one stands in so every field reads as absent.
        HfConfig config = new HfConfig(configJson.orElse(JsonFields.root(HfConfig.FILE_NAME, emptyObject())));
        Optional<JsonFields> generationConfig = HfTokenizer.json(directory, GENERATION_CONFIG, MAX_CONFIG_BYTES);
        HfTokenizer tokenizer = HfTokenizer.read(directory);
        SafetensorsCheckpoint checkpoint = checkpoint(directory, adapterConfig.isPresent());
        Optional<Path> readme = directory.file(ModelCardLicense.FILE_NAME, "model directory " + directory.path());
        Optional<String> license = readme.isPresent() ? ModelCardLicense.read(readme.get()) : Optional.empty();
        return new ModelMetadata(
                ModelMetadata.ModelFormat.HF_SAFETENSORS,
                config.architecture(),
                config.name(),
                checkpoint.parameterCount(),
                config.contextLength(),
                config.embeddingLength(),
                config.layerCount(),
                config.headCount(),
                config.kvHeadCount(),
                quantization(config, checkpoint),
                tokenizer.ggmlModel(),
                config.vocabSize(),
                tokenizer.chatTemplate(),
                specialToken(
                        tokenizer,
                        "bos_token",
                        preferGeneration(generationConfig, "bos_token_id", config.bosTokenId())),
                specialToken(
                        tokenizer,
                        "eos_token",
                        preferGeneration(generationConfig, "eos_token_id", config.eosTokenId())),
                license,
                adapterConfig.map(adapter -> PeftAdapterConfig.adapter(adapter, config.architecture())));
    }

    private static SafetensorsCheckpoint checkpoint(ConfinedDirectory directory, boolean adapter) throws IOException {
        String from = "model directory " + directory.path();
        if (adapter) {
            Path weights = directory.requiredFile(PeftAdapterConfig.WEIGHTS, from);
            return SafetensorsCheckpoint.ofSingleFile(PeftAdapterConfig.WEIGHTS, SafetensorsReader.read(weights));
        }
        if (directory.file(ShardedSafetensorsReader.INDEX_FILE_NAME, from).isPresent()) {
            return ShardedSafetensorsReader.read(directory, ShardedSafetensorsReader.INDEX_FILE_NAME);
        }
        Optional<Path> single = directory.file(SINGLE_FILE_WEIGHTS, from);
        if (single.isEmpty()) {
            throw new InvalidModelFile(
                    "no safetensors weights: neither " + SINGLE_FILE_WEIGHTS + " nor "
                            + ShardedSafetensorsReader.INDEX_FILE_NAME + " exists",
                    from);
        }
        return SafetensorsCheckpoint.ofSingleFile(SINGLE_FILE_WEIGHTS, SafetensorsReader.read(single.get()));
    }

    /** A stated quantization method, else the stated dtype, else the dtype holding the most elements. */
    private static Optional<ModelMetadata.Quantization> quantization(
            HfConfig config, SafetensorsCheckpoint checkpoint) {
        Optional<String> stated = config.quantizationMethod().or(config::dtype);
        if (stated.isPresent()) {
            return Optional.of(new ModelMetadata.Quantization(stated.get(), false));
        }
        Map<SafetensorsDtype, Long> elementsByDtype = new EnumMap<>(SafetensorsDtype.class);
        checkpoint
                .tensors()
                .forEach(entry -> elementsByDtype.merge(
                        entry.tensor().dtype(), entry.tensor().elementCount(), Long::sum));
        return elementsByDtype.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(dominant ->
                        new ModelMetadata.Quantization(dominant.getKey().name(), true));
    }

    /** generation_config.json is what generate() uses, so its ids win over config.json's. */
    private static OptionalLong preferGeneration(
            Optional<JsonFields> generationConfig, String key, OptionalLong fallback) {
        OptionalLong generation =
                generationConfig.map(fields -> HfConfig.tokenId(fields, key)).orElse(OptionalLong.empty());
        return generation.isPresent() ? generation : fallback;
    }

    /** Fills in whichever of id and text is missing from the tokenizer's added tokens. */
    private static Optional<ModelMetadata.SpecialToken> specialToken(
            HfTokenizer tokenizer, String key, OptionalLong id) {
        Optional<String> text = tokenizer.specialTokenText(key);
        if (text.isEmpty() && id.isPresent()) {
            text = tokenizer.addedTokenText(id.getAsLong());
        }
        OptionalLong resolvedId = id.isEmpty() && text.isPresent() ? tokenizer.addedTokenId(text.get()) : id;
        if (resolvedId.isEmpty() && text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelMetadata.SpecialToken(resolvedId, text));
    }

    private static JsonValue emptyObject() {
        return new JsonValue.JsonObject(new LinkedHashMap<>());
    }
}
