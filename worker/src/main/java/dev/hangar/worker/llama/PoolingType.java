package dev.hangar.worker.llama;

import java.util.Locale;

/** How a context pools token states into one embedding per sequence ({@code enum llama_pooling_type}). */
public enum PoolingType {
    /** The model's own choice (its GGUF metadata), none when it declares none. */
    UNSPECIFIED(-1),
    NONE(0),
    MEAN(1),
    CLS(2),
    LAST(3),
    RANK(4);

    private final int value;

    PoolingType(int value) {
        this.value = value;
    }

    /** The C enum's value. */
    public int value() {
        return value;
    }

    static PoolingType of(int value) {
        for (PoolingType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw new LlamaException("unknown pooling type " + value);
    }

    /** The lower-case name llama.cpp's tools use ({@code mean}, {@code cls}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
