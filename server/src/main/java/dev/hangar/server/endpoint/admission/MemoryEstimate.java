package dev.hangar.server.endpoint.admission;

import dev.hangar.server.core.ByteSizes;

/**
 * The memory one replica of an endpoint needs, in the parts a person can act on: the weights (a
 * smaller model), the KV cache (a smaller context) and the runtime's own overhead, each with the
 * arithmetic behind it, so that a refusal can show where the bytes go.
 *
 * @param kvCacheBasis how {@code kvCacheBytes} was reached ({@code ctx 4096 × 12 layers × …}), or
 *     {@code null} when the runtime sizes its cache itself within its memory budget
 * @param overheadBasis what {@code overheadBytes} is made of
 * @param device true when the figures are GPU memory (the runtime runs only on GPUs), false when
 *     they are the machine's RAM
 */
public record MemoryEstimate(
        long weightsBytes,
        long kvCacheBytes,
        String kvCacheBasis,
        long overheadBytes,
        String overheadBasis,
        boolean device) {

    public long totalBytes() {
        return weightsBytes + kvCacheBytes + overheadBytes;
    }

    /** What the figures are: {@code memory} (RAM) or {@code GPU memory}. */
    public String kind() {
        return device ? "GPU memory" : "memory";
    }

    /**
     * The sum with its parts, e.g. {@code weights 162.0 MiB + KV cache 48.0 MiB (ctx 4096 × 12
     * layers × 4 KV heads × 64 dims × K and V in f16) + overhead 150.0 MiB (…) = 360.0 MiB}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder("weights ").append(ByteSizes.bytes(weightsBytes));
        if (kvCacheBasis != null) {
            text.append(" + KV cache ")
                    .append(ByteSizes.bytes(kvCacheBytes))
                    .append(" (")
                    .append(kvCacheBasis)
                    .append(')');
        }
        text.append(" + overhead ")
                .append(ByteSizes.bytes(overheadBytes))
                .append(" (")
                .append(overheadBasis)
                .append(") = ")
                .append(ByteSizes.bytes(totalBytes()));
        return device ? text.append(" of GPU memory").toString() : text.toString();
    }
}
