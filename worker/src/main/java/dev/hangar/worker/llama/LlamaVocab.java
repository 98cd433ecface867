package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * A model's vocabulary ({@code llama_vocab}): text to tokens and back, and the special tokens. Owned by its model;
 * llama.cpp's tokenizer calls are thread-safe, so any thread may use it.
 */
public final class LlamaVocab {
    private final LlamaFunctions f;
    private final MemorySegment handle;

    LlamaVocab(LlamaFunctions functions, MemorySegment handle) {
        this.f = functions;
        this.handle = handle;
    }

    /**
     * The tokens of {@code text}.
     *
     * @param addSpecial add BOS (and EOS) where the model asks for them
     * @param parseSpecial read special-token text such as {@code <|im_start|>} as that token, not as plain text
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocate(Math.max(1, utf8.length));
            MemorySegment.copy(utf8, 0, input, JAVA_BYTE, 0, utf8.length);
            int capacity = utf8.length + 2;
            MemorySegment tokens = arena.allocate(JAVA_INT, capacity);
            int count = f.tokenize(handle, input, utf8.length, tokens, capacity, addSpecial, parseSpecial);
            if (count < 0) {
                if (count == Integer.MIN_VALUE) {
                    throw new LlamaException("the text is too long to tokenize");
                }
                capacity = -count;
                tokens = arena.allocate(JAVA_INT, capacity);
                count = f.tokenize(handle, input, utf8.length, tokens, capacity, addSpecial, parseSpecial);
            }
            return tokens.asSlice(0, 4L * count).toArray(JAVA_INT);
        }
    }

    /** The bytes a token stands for (control tokens render as nothing); may be part of a UTF-8 character. */
    public byte[] piece(int token) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(64);
            int length = f.tokenToPiece(handle, token, buffer, 64, 0, false);
            if (length < 0) {
                buffer = arena.allocate(-length);
                length = f.tokenToPiece(handle, token, buffer, -length, 0, false);
            }
            return buffer.asSlice(0, length).toArray(JAVA_BYTE);
        }
    }

    /** The text of {@code tokens}, special tokens left out (a leading BOS gives no text). */
    public String detokenize(int[] tokens) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocateFrom(JAVA_INT, tokens);
            int capacity = 16 + 8 * tokens.length;
            MemorySegment text = arena.allocate(capacity);
            int length = f.detokenize(handle, input, tokens.length, text, capacity, true, false);
            if (length < 0) {
                capacity = -length;
                text = arena.allocate(capacity);
                length = f.detokenize(handle, input, tokens.length, text, capacity, true, false);
            }
            return new String(text.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    public int size() {
        return f.vocabNTokens(handle);
    }

    public int bos() {
        return f.vocabBos(handle);
    }

    public int eos() {
        return f.vocabEos(handle);
    }

    /** Whether {@code token} ends a generation (EOS, end of turn, and the like). */
    public boolean isEndOfGeneration(int token) {
        return f.vocabIsEog(handle, token);
    }

    /** Whether tokenizing with {@code addSpecial} prepends BOS. */
    public boolean addsBos() {
        return f.vocabGetAddBos(handle);
    }

    /** The separator token (BERT's {@code [SEP]}); -1 when the vocabulary has none. */
    public int sep() {
        return f.vocabSep(handle);
    }

    /** Whether the model's inputs end with EOS (as BERT-family rerankers' do). */
    public boolean addsEos() {
        return f.vocabGetAddEos(handle);
    }

    /** Whether the model's paired inputs are separated by {@link #sep()}. */
    public boolean addsSep() {
        return f.vocabGetAddSep(handle);
    }

    MemorySegment handle() {
        return handle;
    }
}
