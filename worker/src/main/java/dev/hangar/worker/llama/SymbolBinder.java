package dev.hangar.worker.llama;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Binds C functions by name from the loaded libraries, collecting every name that is missing instead of stopping. */
final class SymbolBinder {
    private final Linker linker = Linker.nativeLinker();
    private final List<SymbolLookup> lookups;
    private final List<String> missing = new ArrayList<>();

    SymbolBinder(List<SymbolLookup> lookups) {
        this.lookups = List.copyOf(lookups);
    }

    /** The function's handle, or {@code null} when no library exports it (recorded in {@link #missing()}). */
    MethodHandle bind(String name, FunctionDescriptor descriptor) {
        Optional<MemorySegment> symbol = find(name);
        if (symbol.isEmpty()) {
            missing.add(name);
            return null;
        }
        return linker.downcallHandle(symbol.get(), descriptor);
    }

    Optional<MemorySegment> find(String name) {
        for (SymbolLookup lookup : lookups) {
            Optional<MemorySegment> symbol = lookup.find(name);
            if (symbol.isPresent()) {
                return symbol;
            }
        }
        return Optional.empty();
    }

    List<String> missing() {
        return List.copyOf(missing);
    }

    Linker linker() {
        return linker;
    }
}
