package dev.hangar.worker.llama;

/**
 * The settings a context is made with.
 *
 * @param contextSize KV cells shared by all sequences (one unified cache)
 * @param batchSize most tokens one {@code llama_decode} call takes
 * @param microBatchSize most tokens computed at once inside a decode
 * @param sequences distinct sequence ids the context accepts, {@code 0..sequences-1}
 * @param threads the most CPU threads a decode uses (each uses one or all of them, whichever is faster now)
 * @param embeddings whether decoding also extracts embeddings
 */
public record ContextSettings(
        int contextSize,
        int batchSize,
        int microBatchSize,
        int sequences,
        int threads,
        boolean embeddings,
        PoolingType pooling) {}
