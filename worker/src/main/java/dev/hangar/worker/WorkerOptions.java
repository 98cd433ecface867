package dev.hangar.worker;

import dev.hangar.worker.llama.PoolingType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The worker's settings from its command line and environment, validated: every number is in range and the model
 * file exists.
 *
 * @param ctxSize total context of all slots together (llama.cpp gives each slot {@code ctxSize / parallel}); empty
 *     means the model's trained context, capped at {@link #DEFAULT_MAX_CONTEXT}
 * @param pooling how embeddings pool token states; empty means the model's own, else the last token's
 * @param queueSize requests allowed to wait for a slot beyond the busy ones; more are refused with 429
 * @param cacheDirectory the user's cache directory for Hangar ({@code $XDG_CACHE_HOME/hangar}, else
 *     {@code ~/.cache/hangar}), where the bundled llama.cpp libraries are extracted ({@code native/})
 * @param llamaLibrary a libllama file of the user's own to run on instead of the bundled one
 *     ({@code HANGAR_LLAMA_LIBRARY})
 */
public record WorkerOptions(
        Path model,
        String host,
        int port,
        OptionalInt ctxSize,
        int parallel,
        int threads,
        int batchSize,
        boolean embeddings,
        Optional<PoolingType> pooling,
        List<LoraOption> loras,
        Optional<String> servedModelName,
        Optional<String> apiKey,
        Duration drain,
        int queueSize,
        Duration queueTimeout,
        Path cacheDirectory,
        Optional<Path> llamaLibrary,
        OptionalLong parentPid) {

    /** llama-server's default context: larger trained contexts cost memory most replicas never use. */
    public static final int DEFAULT_MAX_CONTEXT = 4096;

    public WorkerOptions {
        loras = List.copyOf(loras);
    }

    /** The name clients use as {@code model}: the served name, else the file name without {@code .gguf}. */
    public String modelName() {
        return servedModelName.orElseGet(() -> {
            String file = model.getFileName().toString();
            return file.endsWith(".gguf") ? file.substring(0, file.length() - ".gguf".length()) : file;
        });
    }

    /**
     * A LoRA adapter loaded at start, as {@code --lora NAME=FILE[:scale]}; requests select it by name.
     *
     * @param scale the scale a request that names the adapter without one applies it at
     */
    public record LoraOption(String name, Path file, float scale) {}
}
