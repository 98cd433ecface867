package dev.hangar.server.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The file formats the registry understands: a GGUF file, or a safetensors checkpoint (a file or an HF directory). */
public enum ModelFormat {
    GGUF,
    SAFETENSORS;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ModelFormat of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
