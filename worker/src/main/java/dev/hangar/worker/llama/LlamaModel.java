package dev.hangar.worker.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/** A loaded GGUF model ({@code llama_model}): weights and vocabulary, shared by the contexts made from it. */
public final class LlamaModel implements AutoCloseable {
    private final LlamaLibrary library;
    private final MemorySegment handle;
    private final LlamaVocab vocab;
    private final FreeOnce freeOnce = new FreeOnce();

    private LlamaModel(LlamaLibrary library, MemorySegment handle) {
        this.library = library;
        this.handle = handle;
        this.vocab = new LlamaVocab(library.functions(), library.functions().modelGetVocab(handle));
    }

    /**
     * Loads {@code file} on the CPU (no layers offloaded).
     *
     * @throws LlamaException with llama.cpp's reason when the file does not load
     */
    public static LlamaModel load(LlamaLibrary library, Path file) {
        LlamaFunctions f = library.functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = f.modelDefaultParams(arena);
            LlamaStructs.setInt(params, LlamaStructs.LLAMA_MODEL_PARAMS, "n_gpu_layers", 0);
            MemorySegment model = f.modelLoadFromFile(arena.allocateFrom(file.toString()), params);
            if (model.equals(MemorySegment.NULL)) {
                throw LlamaException.withLog("llama.cpp could not load " + file);
            }
            return new LlamaModel(library, model);
        }
    }

    public LlamaVocab vocab() {
        return vocab;
    }

    /** The width of the model's hidden state, which is the length of its embeddings. */
    public int embeddingLength() {
        return library.functions().modelNEmbd(handle);
    }

    public int trainedContext() {
        return library.functions().modelNCtxTrain(handle);
    }

    /** The model's default chat template (Jinja source), when its file carries one. */
    public Optional<String> chatTemplate() {
        return template(MemorySegment.NULL);
    }

    /**
     * A named template the file carries ({@code tokenizer.chat_template.<name>}), e.g. a reranker's {@code rerank}
     * prompt with {@code {query}} and {@code {document}} in it.
     */
    public Optional<String> namedTemplate(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return template(arena.allocateFrom(name));
        }
    }

    private Optional<String> template(MemorySegment name) {
        MemorySegment template = library.functions().modelChatTemplate(handle, name);
        return template.equals(MemorySegment.NULL)
                ? Optional.empty()
                : Optional.of(template.reinterpret(Long.MAX_VALUE).getString(0));
    }

    /** How many scores a classification head gives (rank pooling's output per sequence); 1 without labels. */
    public int classifierOutputs() {
        return library.functions().modelNClsOut(handle);
    }

    LlamaLibrary library() {
        return library;
    }

    MemorySegment handle() {
        return handle;
    }

    /** Frees the weights; contexts and adapters made from the model must be closed first. */
    @Override
    public void close() {
        freeOnce.free(() -> library.functions().modelFree(handle));
    }
}
