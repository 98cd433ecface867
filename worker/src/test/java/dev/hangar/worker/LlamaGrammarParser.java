package dev.hangar.worker;

import dev.hangar.worker.llama.NativeLibraryCache;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.util.Optional;

/**
 * llama.cpp's own grammar parser, reached through {@code llama_sampler_init_grammar} of the bundled library with no
 * vocabulary (which only literal tokens would need): NULL for a grammar llama.cpp refuses.
 */
public final class LlamaGrammarParser {
    private static final MethodHandle INIT;
    private static final MethodHandle FREE;

    static {
        try {
            NativeLibraryCache cache = new NativeLibraryCache(Files.createTempDirectory("hangar-grammar-test-"));
            SymbolLookup llama =
                    new LlamaLibraryOpener(cache).open(Optional.empty()).symbols();
            Linker linker = Linker.nativeLinker();
            INIT = linker.downcallHandle(
                    llama.findOrThrow("llama_sampler_init_grammar"),
                    FunctionDescriptor.of(
                            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            FREE = linker.downcallHandle(
                    llama.findOrThrow("llama_sampler_free"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LlamaGrammarParser() {}

    /** Whether llama.cpp parses the grammar (root rule {@code root}). */
    public static boolean parses(String grammar) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sampler = (MemorySegment)
                    INIT.invokeExact(MemorySegment.NULL, arena.allocateFrom(grammar), arena.allocateFrom("root"));
            if (sampler.equals(MemorySegment.NULL)) {
                return false;
            }
            FREE.invokeExact(sampler);
            return true;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
