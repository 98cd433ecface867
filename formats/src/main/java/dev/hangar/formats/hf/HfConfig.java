package dev.hangar.formats.hf;

import dev.hangar.formats.safetensors.JsonFields;
import dev.hangar.formats.safetensors.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fields of a Hugging Face {@code config.json} that a registry shows. Older architectures use other key names
 * (GPT-2's {@code n_embd}, T5's {@code d_model}), and multimodal models keep the language model's values under
 * {@code text_config}; both are looked at in that order.
 */
final class HfConfig {
    static final String FILE_NAME = "config.json";

    /** torch dtype names as written by transformers, in GGUF's spelling. */
    private static final Map<String, String> DTYPE_NAMES = Map.of(
            "float32", "F32",
            "float16", "F16",
            "bfloat16", "BF16",
            "float64", "F64",
            "float8_e4m3fn", "F8_E4M3",
            "float8_e5m2", "F8_E5M2");

    private final JsonFields config;
    private final Optional<JsonFields> textConfig;

    HfConfig(JsonFields config) {
        this.config = config;
        this.textConfig = config.object("text_config");
    }

    /** {@code model_type} matches GGUF's {@code general.architecture} (llama, qwen2); the class name is the fallback. */
    Optional<String> architecture() {
        Optional<String> modelType = config.string("model_type");
        if (modelType.isPresent()) {
            return modelType;
        }
        return config.array("architectures")
                .flatMap(names -> names.stream().findFirst())
                .map(first -> switch (first) {
                    case JsonValue.JsonString(String name) -> name;
                    default -> throw config.wrongType("architectures", "an array of strings", first);
                });
    }

    /** A hub id such as {@code org/model}; a local path says nothing about the model and may leak a user's layout. */
    Optional<String> name() {
        return config.string("_name_or_path")
                .filter(name -> !name.isBlank() && !name.startsWith("/") && !name.startsWith("."));
    }

    OptionalLong contextLength() {
        return count("max_position_embeddings", "n_positions", "max_sequence_length");
    }

    OptionalLong embeddingLength() {
        return count("hidden_size", "n_embd", "d_model");
    }

    OptionalLong layerCount() {
        return count("num_hidden_layers", "n_layer", "num_layers");
    }

    OptionalLong headCount() {
        return count("num_attention_heads", "n_head", "num_heads");
    }

    /** Without {@code num_key_value_heads} every head has its own keys and values. */
    OptionalLong kvHeadCount() {
        OptionalLong kvHeads = count("num_key_value_heads");
        return kvHeads.isPresent() ? kvHeads : headCount();
    }

    OptionalLong vocabSize() {
        return count("vocab_size");
    }

    /** Newer transformers write {@code dtype}, older ones {@code torch_dtype}. */
    Optional<String> dtype() {
        Optional<String> dtype = config.string("dtype").or(() -> config.string("torch_dtype"));
        return dtype.map(name -> DTYPE_NAMES.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A quantized checkpoint's method and bit width, e.g. {@code GPTQ-4bit}, from {@code quantization_config}. */
    Optional<String> quantizationMethod() {
        return config.object("quantization_config").flatMap(quantization -> {
            Optional<String> method = quantization.string("quant_method");
            OptionalLong bits = quantization.count("bits");
            return method.map(
                    name -> name.toUpperCase(Locale.ROOT) + (bits.isPresent() ? "-" + bits.getAsLong() + "bit" : ""));
        });
    }

    OptionalLong bosTokenId() {
        return tokenId(config, "bos_token_id");
    }

    OptionalLong eosTokenId() {
        return tokenId(config, "eos_token_id");
    }

    /** {@code eos_token_id} may list several ids (Llama 3 ends turns two ways); the first is the main one. */
    static OptionalLong tokenId(JsonFields fields, String key) {
        Optional<JsonValue> value = fields.value(key);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.get() instanceof JsonValue.JsonArray(List<JsonValue> ids)) {
            return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(fields.countOf(ids.getFirst(), key));
        }
        return OptionalLong.of(fields.countOf(value.get(), key));
    }

    private OptionalLong count(String... keys) {
        for (String key : keys) {
            OptionalLong value = config.count(key);
            if (value.isPresent()) {
                return value;
            }
        }
        for (String key : keys) {
            OptionalLong value = textConfig.map(text -> text.count(key)).orElse(OptionalLong.empty());
            if (value.isPresent()) {
                return value;
            }
        }
        return OptionalLong.empty();
    }
}
