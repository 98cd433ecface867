package dev.hangar.worker;

import dev.hangar.formats.gguf.GgufFile;
import dev.hangar.formats.gguf.GgufModelInfo;
import dev.hangar.formats.gguf.GgufReader;
import dev.hangar.formats.gguf.GgufValue;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the worker needs from a GGUF header before and beside llama.cpp: reading it first turns a broken or truncated
 * file into a clear error in milliseconds instead of a native failure after a slow load.
 *
 * @param addsBos whether llama.cpp prepends the BOS token when it tokenizes a prompt, so usage counts match it
 */
public record ModelHeader(GgufModelInfo info, boolean addsBos, long fileSize) {

    /** @throws dev.hangar.formats.InvalidModelFile when the file breaks the GGUF format or is cut short */
    public static ModelHeader read(Path file) throws IOException {
        GgufFile gguf = GgufReader.read(file);
        GgufModelInfo info = GgufModelInfo.of(gguf);
        return new ModelHeader(info, addsBos(gguf, info), gguf.fileSize());
    }

    /** The trained context, or the default when the file does not say. */
    public int trainedContext() {
        long trained = info.contextLength().orElse(WorkerOptions.DEFAULT_MAX_CONTEXT);
        return (int) Math.min(trained, Integer.MAX_VALUE);
    }

    private static boolean addsBos(GgufFile gguf, GgufModelInfo info) {
        if (gguf.get("tokenizer.ggml.add_bos_token").orElse(null) instanceof GgufValue.Bool flag) {
            return flag.value();
        }
        // llama.cpp's default when the key is absent: SentencePiece ("llama") vocabularies add BOS, BPE ones do not.
        return info.tokenizerModel().map("llama"::equals).orElse(false);
    }
}
