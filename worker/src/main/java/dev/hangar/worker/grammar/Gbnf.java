package dev.hangar.worker.grammar;

/** Pieces of llama.cpp's grammar language (GBNF) that need care: quoted literals and rule names. */
final class Gbnf {
    private Gbnf() {}

    /** A GBNF literal matching exactly {@code text}. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** A rule name from free text: lower-case letters, digits and dashes only, as GBNF allows. */
    static String ruleName(String text) {
        String name = text.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        return name.isEmpty() ? "r" : name;
    }
}
