package dev.hangar.worker;

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
 * @param queueSize requests allowed to wait for a slot beyond the busy ones; more are refused with 429
 * @param cacheDirectory the user's cache directory for Hangar ({@code $XDG_CACHE_HOME/hangar}, else
 *     {@code ~/.cache/hangar}), where the native library is kept ({@link NativeLibraryCache})
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
        List<LoraOption> loras,
        Optional<String> servedModelName,
        Optional<String> apiKey,
        Duration drain,
        int queueSize,
        Duration queueTimeout,
        Path cacheDirectory,
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

    /** A LoRA adapter applied on top of the model, as {@code --lora FILE[:scale]}. */
    public record LoraOption(Path file, float scale) {}
}
