package dev.hangar.worker.llama;

import java.lang.foreign.MemorySegment;

/**
 * A context's KV cache ({@code llama_memory_t}), by sequence: what a sequence holds is the positions decoded for it.
 * Positions ranges are {@code [from, to)}; a negative bound is open.
 */
public final class LlamaMemory {
    private final LlamaFunctions f;
    private final MemorySegment handle;

    LlamaMemory(LlamaFunctions functions, MemorySegment handle) {
        this.f = functions;
        this.handle = handle;
    }

    /** Frees everything {@code sequence} holds. */
    public void removeSequence(int sequence) {
        f.memorySeqRm(handle, sequence, -1, -1);
    }

    /** Drops {@code sequence}'s positions in {@code [from, to)}; false when the cache cannot cut it there. */
    public boolean remove(int sequence, int from, int to) {
        return f.memorySeqRm(handle, sequence, from, to);
    }

    /** Makes {@code target} share {@code source}'s cells for positions {@code [from, to)}. */
    public void copy(int source, int target, int from, int to) {
        f.memorySeqCp(handle, source, target, from, to);
    }

    /** Drops every sequence but {@code sequence}. */
    public void keepOnly(int sequence) {
        f.memorySeqKeep(handle, sequence);
    }

    /** The last position {@code sequence} holds, -1 when it holds none. */
    public int lastPosition(int sequence) {
        return f.memorySeqPosMax(handle, sequence);
    }

    /** Empties the cache. */
    public void clear() {
        f.memoryClear(handle, true);
    }
}
