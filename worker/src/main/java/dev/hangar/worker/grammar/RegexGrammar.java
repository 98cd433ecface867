package dev.hangar.worker.grammar;

import dev.hangar.worker.ApiError;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON schema {@code pattern} (an ECMA-262 regular expression, searched for anywhere in the string unless anchored)
 * as a GBNF expression for a JSON string's contents. Supported: literals, {@code .}, classes ({@code [a-z]},
 * {@code [^…]}, {@code \d \w \s} and their negations), groups ({@code (…)}, {@code (?:…)}), alternatives,
 * quantifiers ({@code * + ? {m} {m,} {m,n}}, lazy or not), and {@code ^}/{@code $} at the very start and end.
 * Characters a JSON string must escape are written escaped where the pattern names them; where a class or {@code .}
 * stands for them, only characters written plainly are produced (narrower, never invalid). Anything else
 * (back-references, look-around, word boundaries, Unicode properties) is refused.
 */
final class RegexGrammar {
    /** What {@code .} and negated classes may produce: any character a JSON string holds unescaped. */
    private static final String PLAIN_EXCLUDED = "\\x00-\\x1F\\x22\\x5C";

    private final String pattern;
    private final String at;
    private int pos;

    private RegexGrammar(String pattern, String at) {
        this.pattern = pattern;
        this.at = at;
    }

    /**
     * @param anyChar the name of the rule matching one JSON string character, for unanchored ends
     * @throws ApiError 400 naming the construct that is not supported
     */
    static String contents(String pattern, String at, String anyChar) {
        RegexGrammar parser = new RegexGrammar(pattern, at);
        boolean start = pattern.startsWith("^");
        boolean end = pattern.endsWith("$") && !pattern.endsWith("\\$");
        parser.pos = start ? 1 : 0;
        String body = parser.alternatives(end ? pattern.length() - 1 : pattern.length());
        if (parser.pos != (end ? pattern.length() - 1 : pattern.length())) {
            throw parser.refused("an unmatched ')'");
        }
        return (start ? "" : anyChar + "* ") + "( " + body + " )" + (end ? "" : " " + anyChar + "*");
    }

    private String alternatives(int limit) {
        List<String> options = new ArrayList<>();
        options.add(sequence(limit));
        while (pos < limit && pattern.charAt(pos) == '|') {
            pos++;
            options.add(sequence(limit));
        }
        return String.join(" | ", options);
    }

    private String sequence(int limit) {
        List<String> items = new ArrayList<>();
        while (pos < limit && pattern.charAt(pos) != '|' && pattern.charAt(pos) != ')') {
            String atom = atom(limit);
            items.add(quantified(atom, limit));
        }
        return items.isEmpty() ? "\"\"" : String.join(" ", items);
    }

    private String quantified(String atom, int limit) {
        if (pos >= limit) {
            return atom;
        }
        char c = pattern.charAt(pos);
        String result;
        if (c == '*' || c == '+' || c == '?') {
            pos++;
            result = atom + c;
        } else if (c == '{' && pattern.indexOf('}', pos) > 0) {
            int close = pattern.indexOf('}', pos);
            String bounds = pattern.substring(pos + 1, close);
            if (!bounds.matches("\\d{1,4}(,\\d{0,4})?")) {
                throw refused("the quantifier {" + bounds + "}");
            }
            String[] parts = bounds.split(",", -1);
            if (parts.length == 2 && !parts[1].isEmpty() && Integer.parseInt(parts[1]) < Integer.parseInt(parts[0])) {
                throw refused("the quantifier {" + bounds + "}");
            }
            pos = close + 1;
            result = atom + "{" + bounds + "}";
        } else {
            return atom;
        }
        if (pos < limit && pattern.charAt(pos) == '?') {
            pos++; // lazy: the same strings
        } else if (pos < limit && pattern.charAt(pos) == '+') {
            throw refused("a possessive quantifier");
        }
        return result;
    }

    private String atom(int limit) {
        char c = pattern.charAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                if (pattern.startsWith("?:", pos)) {
                    pos += 2;
                } else if (pattern.startsWith("?", pos)) {
                    throw refused("look-around or a named group '(?'");
                }
                String inner = alternatives(limit);
                if (pos >= limit || pattern.charAt(pos) != ')') {
                    throw refused("an unclosed '('");
                }
                pos++;
                return "( " + inner + " )";
            }
            case '[' -> {
                return characterClass(limit);
            }
            case '.' -> {
                pos++;
                return "[^" + PLAIN_EXCLUDED + "]";
            }
            case '\\' -> {
                return escape(limit);
            }
            case '^', '$' -> throw refused("'" + c + "' other than at the very start or end");
            case '*', '+', '?', '{' -> throw refused("a quantifier with nothing before it");
            default -> {
                pos++;
                return literal(c);
            }
        }
    }

    private String escape(int limit) {
        if (pos + 1 >= limit) {
            throw refused("a trailing '\\'");
        }
        char e = pattern.charAt(pos + 1);
        pos += 2;
        return switch (e) {
            case 'd' -> "[0-9]";
            case 'w' -> "[a-zA-Z0-9_]";
            case 's' -> "\" \"";
            case 'D' -> "[^" + PLAIN_EXCLUDED + "0-9]";
            case 'W' -> "[^" + PLAIN_EXCLUDED + "a-zA-Z0-9_]";
            case 'S' -> "[^" + PLAIN_EXCLUDED + "\\x20]";
            case 't' -> literal('\t');
            case 'n' -> literal('\n');
            case 'r' -> literal('\r');
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw refused("'\\" + e + "'");
                }
                yield literal(e);
            }
        };
    }

    /** A class as ranges of code points, then as GBNF: plain characters in a class, escaped ones as literals. */
    private String characterClass(int limit) {
        pos++;
        boolean negated = pos < limit && pattern.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        List<int[]> ranges = new ArrayList<>();
        boolean first = true;
        while (pos < limit && (pattern.charAt(pos) != ']' || first)) {
            first = false;
            int from = classChar(ranges, limit);
            if (from < 0) {
                continue; // a shorthand such as \d, already added
            }
            int to = from;
            if (pos + 1 < limit && pattern.charAt(pos) == '-' && pattern.charAt(pos + 1) != ']') {
                pos++;
                to = classChar(ranges, limit);
                if (to < from) {
                    throw refused("the range in a class");
                }
            }
            ranges.add(new int[] {from, to});
        }
        if (pos >= limit) {
            throw refused("an unclosed '['");
        }
        pos++;
        StringBuilder set = new StringBuilder();
        for (int[] range : ranges) {
            set.append(hex(range[0]));
            if (range[1] != range[0]) {
                set.append('-').append(hex(range[1]));
            }
        }
        if (negated) {
            return "[^" + PLAIN_EXCLUDED + set + "]";
        }
        List<String> options = new ArrayList<>();
        List<int[]> plain = new ArrayList<>();
        for (int[] range : ranges) {
            for (int[] piece : withoutEscaped(range)) {
                plain.add(piece);
            }
            for (int c : new int[] {'"', '\\'}) {
                if (c >= range[0] && c <= range[1]) {
                    options.add(literal((char) c));
                }
            }
            for (int c = range[0]; c <= Math.min(range[1], 0x1F); c++) {
                options.add(literal((char) c));
            }
        }
        if (!plain.isEmpty()) {
            StringBuilder cls = new StringBuilder("[");
            plain.forEach(r -> cls.append(hex(r[0])).append(r[1] != r[0] ? "-" + hex(r[1]) : ""));
            options.addFirst(cls.append(']').toString());
        }
        return options.size() == 1 ? options.getFirst() : "( " + String.join(" | ", options) + " )";
    }

    /** The parts of a range a JSON string holds unescaped. */
    private static List<int[]> withoutEscaped(int[] range) {
        List<int[]> pieces = new ArrayList<>();
        int from = Math.max(range[0], 0x20);
        for (int cut : new int[] {'"', '\\'}) {
            if (from <= range[1] && cut >= from && cut <= range[1]) {
                if (cut > from) {
                    pieces.add(new int[] {from, cut - 1});
                }
                from = cut + 1;
            }
        }
        if (from <= range[1]) {
            pieces.add(new int[] {from, range[1]});
        }
        return pieces;
    }

    /** One character of a class; a shorthand class (\d, \w, \s) is added to the ranges and -1 returned. */
    private int classChar(List<int[]> ranges, int limit) {
        char c = pattern.charAt(pos++);
        if (c != '\\') {
            return c;
        }
        if (pos >= limit) {
            throw refused("a trailing '\\'");
        }
        char e = pattern.charAt(pos++);
        switch (e) {
            case 'd' -> ranges.add(new int[] {'0', '9'});
            case 'w' -> {
                ranges.add(new int[] {'a', 'z'});
                ranges.add(new int[] {'A', 'Z'});
                ranges.add(new int[] {'0', '9'});
                ranges.add(new int[] {'_', '_'});
            }
            case 's' -> ranges.add(new int[] {' ', ' '});
            case 't' -> {
                return '\t';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw refused("'\\" + e + "' in a class");
                }
                return e;
            }
        }
        return -1;
    }

    /** A GBNF literal for one character as a JSON string writes it. */
    private static String literal(char c) {
        String json = switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        };
        return Gbnf.literal(json);
    }

    private static String hex(int c) {
        if (Character.isLetterOrDigit(c) && c < 0x80) {
            return String.valueOf((char) c);
        }
        return c <= 0xFF ? String.format("\\x%02X", c) : String.format("\\u%04X", c);
    }

    private ApiError refused(String construct) {
        return ApiError.badRequest(
                "the JSON schema's 'pattern' at " + at + " cannot be turned into a grammar: " + construct
                        + " is not supported (" + pattern + ")",
                "response_format");
    }
}
