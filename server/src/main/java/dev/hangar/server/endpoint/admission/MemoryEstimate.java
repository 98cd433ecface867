package dev.hangar.server.endpoint.admission;

import dev.hangar.server.core.ByteSizes;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;

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
        Message kvCacheBasis,
        long overheadBytes,
        Message overheadBasis,
        boolean device) {

    public long totalBytes() {
        return weightsBytes + kvCacheBytes + overheadBytes;
    }

    /** What the figures are: memory (RAM) or GPU memory. */
    public Message kind() {
        return device ? MessageCode.MEMORY_KIND_GPU.with() : MessageCode.MEMORY_KIND_RAM.with();
    }

    /**
     * The sum with its parts, e.g. {@code weights 162.0 MiB + KV cache 48.0 MiB (ctx 4096 × 12
     * layers × 4 KV heads × 64 dims × K and V in f16) + overhead 150.0 MiB (…) = 360.0 MiB}.
     */
    public Message describe() {
        String weights = ByteSizes.bytes(weightsBytes);
        String overhead = ByteSizes.bytes(overheadBytes);
        String total = ByteSizes.bytes(totalBytes());
        if (kvCacheBasis == null) {
            return (device ? MessageCode.MEMORY_ESTIMATE_GPU_NO_KV : MessageCode.MEMORY_ESTIMATE_NO_KV)
                    .with("weights", weights, "overhead", overhead, "overheadBasis", overheadBasis, "total", total);
        }
        return (device ? MessageCode.MEMORY_ESTIMATE_GPU : MessageCode.MEMORY_ESTIMATE)
                .with(
                        "weights",
                        weights,
                        "kvCache",
                        ByteSizes.bytes(kvCacheBytes),
                        "kvCacheBasis",
                        kvCacheBasis,
                        "overhead",
                        overhead,
                        "overheadBasis",
                        overheadBasis,
                        "total",
                        total);
    }
}
