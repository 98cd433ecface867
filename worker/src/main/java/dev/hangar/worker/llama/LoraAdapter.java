package dev.hangar.worker.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** A LoRA adapter loaded for a model ({@code llama_adapter_lora}); a context applies it with a scale. */
public final class LoraAdapter implements AutoCloseable {
    private final LlamaFunctions f;
    private final MemorySegment handle;
    private final FreeOnce freeOnce = new FreeOnce();

    private LoraAdapter(LlamaFunctions functions, MemorySegment handle) {
        this.f = functions;
        this.handle = handle;
    }

    /** @throws LlamaException with llama.cpp's reason when the file is not an adapter for this model */
    public static LoraAdapter load(LlamaModel model, Path file) {
        LlamaFunctions f = model.library().functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment adapter = f.adapterLoraInit(model.handle(), arena.allocateFrom(file.toString()));
            if (adapter.equals(MemorySegment.NULL)) {
                throw LlamaException.withLog("llama.cpp could not load the LoRA adapter " + file);
            }
            return new LoraAdapter(f, adapter);
        }
    }

    MemorySegment handle() {
        return handle;
    }

    /** Frees the adapter; no context may still apply it. */
    @Override
    public void close() {
        freeOnce.free(() -> f.adapterLoraFree(handle));
    }
}
