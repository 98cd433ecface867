package dev.hangar.formats.quant;

import dev.hangar.formats.gguf.GgmlType;
import java.util.Optional;

/** Converts float values to and from the bytes of one ggml tensor type (little-endian, ggml block layout). */
public sealed interface FloatCodec permits F32Codec, F16Codec, BF16Codec, Q8_0Codec, Q4_0Codec {

    GgmlType type();

    /**
     * @throws IllegalArgumentException if the count is not a whole number of blocks or a value is not finite
     */
    byte[] encode(float[] values);

    /** @throws IllegalArgumentException if {@code data} is not a whole number of blocks */
    float[] decode(byte[] data);

    /** The codec for a type, for the types this package can encode. */
    static Optional<FloatCodec> forType(GgmlType type) {
        return switch (type) {
            case F32 -> Optional.of(new F32Codec());
            case F16 -> Optional.of(new F16Codec());
            case BF16 -> Optional.of(new BF16Codec());
            case Q8_0 -> Optional.of(new Q8_0Codec());
            case Q4_0 -> Optional.of(new Q4_0Codec());
            default -> Optional.empty();
        };
    }
}
