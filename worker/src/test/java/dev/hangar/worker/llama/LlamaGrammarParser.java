package dev.hangar.worker.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * llama.cpp's own grammar parser, reached through the binding's {@code llama_sampler_init_grammar} with no vocabulary
 * (which only literal tokens would need): NULL for a grammar llama.cpp refuses.
 */
public final class LlamaGrammarParser {

    private LlamaGrammarParser() {}

    /** Whether llama.cpp parses the grammar (root rule {@code root}). */
    public static boolean parses(String grammar) {
        LlamaFunctions f = LlamaLibrary.loadConfigured().functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sampler =
                    f.samplerInitGrammar(MemorySegment.NULL, arena.allocateFrom(grammar), arena.allocateFrom("root"));
            if (sampler.equals(MemorySegment.NULL)) {
                return false;
            }
            f.samplerFree(sampler);
            return true;
        }
    }
}
