package dev.hangar.formats.tiny;

/**
 * One vocabulary entry as {@code tokenizer.ggml.tokens}, {@code .scores} and {@code .token_type} store it.
 *
 * @param score SentencePiece merge priority: among pieces that could merge, the higher score merges first
 */
public record TinyToken(String text, float score, Type type) {

    /** The llama.cpp token types this vocabulary uses, with the ids stored in {@code tokenizer.ggml.token_type}. */
    public enum Type {
        NORMAL(1),
        UNKNOWN(2),
        CONTROL(3),
        BYTE(6);

        private final int id;

        Type(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }
    }

    /** Control and unknown tokens are special: runtimes hide them in output and never split them. */
    public boolean special() {
        return type == Type.CONTROL || type == Type.UNKNOWN;
    }
}
