package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The tokens of one decode ({@code llama_batch}), each with its position, its sequence and whether the decode should
 * output its logits (or embedding). Allocated once with a capacity and refilled for every decode.
 */
public final class LlamaBatch implements AutoCloseable {
    private final LlamaFunctions f;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment struct;
    private final int capacity;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment sequenceCounts;
    private final MemorySegment[] sequenceIds;
    private final MemorySegment outputs;
    private int size;
    private final FreeOnce freeOnce = new FreeOnce();

    private LlamaBatch(LlamaFunctions functions, int capacity) {
        this.f = functions;
        this.capacity = capacity;
        var layout = LlamaStructs.LLAMA_BATCH;
        this.struct = functions.batchInit(arena, capacity, 0, 1);
        this.tokens = LlamaStructs.getAddress(struct, layout, "token").reinterpret(4L * capacity);
        this.positions = LlamaStructs.getAddress(struct, layout, "pos").reinterpret(4L * capacity);
        this.sequenceCounts =
                LlamaStructs.getAddress(struct, layout, "n_seq_id").reinterpret(4L * capacity);
        this.outputs = LlamaStructs.getAddress(struct, layout, "logits").reinterpret(capacity);
        MemorySegment ids =
                LlamaStructs.getAddress(struct, layout, "seq_id").reinterpret(ADDRESS.byteSize() * capacity);
        this.sequenceIds = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++) {
            sequenceIds[i] = ids.getAtIndex(ADDRESS, i).reinterpret(4);
        }
    }

    /** A batch of up to {@code capacity} tokens, each in one sequence. */
    public static LlamaBatch allocate(LlamaLibrary library, int capacity) {
        return new LlamaBatch(library.functions(), capacity);
    }

    /** Empties the batch for the next decode. */
    public void clear() {
        size = 0;
        LlamaStructs.setInt(struct, LlamaStructs.LLAMA_BATCH, "n_tokens", 0);
    }

    /**
     * Appends a token.
     *
     * @param output whether the decode outputs this token's logits (or embedding)
     * @return the token's index in the batch, which reads its output after the decode
     */
    public int add(int token, int position, int sequence, boolean output) {
        if (size == capacity) {
            throw new IllegalStateException("the batch holds at most " + capacity + " tokens");
        }
        int index = size++;
        tokens.setAtIndex(JAVA_INT, index, token);
        positions.setAtIndex(JAVA_INT, index, position);
        sequenceCounts.setAtIndex(JAVA_INT, index, 1);
        sequenceIds[index].set(JAVA_INT, 0, sequence);
        outputs.set(JAVA_BYTE, index, (byte) (output ? 1 : 0));
        LlamaStructs.setInt(struct, LlamaStructs.LLAMA_BATCH, "n_tokens", size);
        return index;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    MemorySegment struct() {
        return struct;
    }

    @Override
    public void close() {
        freeOnce.free(() -> {
            f.batchFree(struct);
            arena.close();
        });
    }
}
