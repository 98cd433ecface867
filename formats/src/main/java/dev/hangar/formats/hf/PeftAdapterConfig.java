package dev.hangar.formats.hf;

import dev.hangar.formats.ModelMetadata;
import dev.hangar.formats.safetensors.JsonFields;
import dev.hangar.formats.safetensors.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PEFT {@code adapter_config.json}: {@code peft_type} (LORA, …), {@code base_model_name_or_path}, the LoRA rank
 * {@code r}, {@code lora_alpha} and {@code target_modules} (a list of module names, or one regular expression).
 */
final class PeftAdapterConfig {
    static final String FILE_NAME = "adapter_config.json";
    static final String WEIGHTS = "adapter_model.safetensors";
    static final long MAX_BYTES = 1L << 20;

    private PeftAdapterConfig() {}

    static ModelMetadata.Adapter adapter(JsonFields config, Optional<String> baseArchitecture) {
        String type = config.string("peft_type")
                .orElseThrow(() -> config.wrongType("peft_type", "a string such as \"LORA\""));
        return new ModelMetadata.Adapter(
                type.toLowerCase(Locale.ROOT),
                config.string("base_model_name_or_path").filter(name -> !name.isBlank()),
                baseArchitecture,
                config.count("r"),
                config.number("lora_alpha"),
                targetModules(config));
    }

    private static List<String> targetModules(JsonFields config) {
        return config.value("target_modules")
                .map(value -> switch (value) {
                    case JsonValue.JsonString(String pattern) -> List.of(pattern);
                    case JsonValue.JsonArray(List<JsonValue> names) ->
                        names.stream()
                                .map(name -> switch (name) {
                                    case JsonValue.JsonString(String module) -> module;
                                    default -> throw config.wrongType("target_modules", "a list of strings", name);
                                })
                                .toList();
                    default -> throw config.wrongType("target_modules", "a string or a list of strings");
                })
                .orElse(List.of());
    }
}
