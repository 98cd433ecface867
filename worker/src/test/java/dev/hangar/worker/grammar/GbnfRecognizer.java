package dev.hangar.worker.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small recognizer for the part of llama.cpp's grammar language the converter writes (one rule a line; literals,
 * character classes, groups, alternatives, {@code * + ?} and {@code {m}}, {@code {m,}}, {@code {m,n}}): whether a
 * text is a sentence of the grammar's {@code root}. Written for the tests from the language's description, so that
 * a grammar is checked by what it accepts, not by its text.
 */
final class GbnfRecognizer {

    private sealed interface Node permits Literal, CharClass, Ref, Seq, Alt, Repeat {}

    private record Literal(String text) implements Node {}

    private record CharClass(boolean negated, List<int[]> ranges) implements Node {}

    private record Ref(String name) implements Node {}

    private record Seq(List<Node> items) implements Node {}

    private record Alt(List<Node> options) implements Node {}

    private record Repeat(Node node, int min, int max) implements Node {}

    private final Map<String, Node> rules = new HashMap<>();
    private String src;
    private int at;

    GbnfRecognizer(String grammar) {
        for (String line : grammar.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int def = line.indexOf(" ::= ");
            if (def < 0) {
                throw new IllegalArgumentException("not a rule: " + line);
            }
            src = line.substring(def + 5);
            at = 0;
            Node body = alternatives();
            skipSpaces();
            if (at != src.length()) {
                throw new IllegalArgumentException("unparsed rest at " + at + " of: " + line);
            }
            if (rules.put(line.substring(0, def), body) != null) {
                throw new IllegalArgumentException("rule defined twice: " + line);
            }
        }
        for (Node node : rules.values()) {
            checkRefs(node);
        }
    }

    boolean accepts(String text) {
        return match(rules.get("root"), text, 0, new HashMap<>()).contains(text.length());
    }

    private void checkRefs(Node node) {
        switch (node) {
            case Ref ref -> {
                if (!rules.containsKey(ref.name())) {
                    throw new IllegalArgumentException("undefined rule " + ref.name());
                }
            }
            case Seq seq -> seq.items().forEach(this::checkRefs);
            case Alt alt -> alt.options().forEach(this::checkRefs);
            case Repeat repeat -> checkRefs(repeat.node());
            default -> {}
        }
    }

    private Node alternatives() {
        List<Node> options = new ArrayList<>(List.of(sequence()));
        while (peek() == '|') {
            at++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.getFirst() : new Alt(options);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (true) {
            char c = peek();
            if (c == 0 || c == '|' || c == ')') {
                return new Seq(items);
            }
            Node atom = atom();
            while (true) {
                char op = at < src.length() ? src.charAt(at) : 0;
                if (op == '*') {
                    at++;
                    atom = new Repeat(atom, 0, Integer.MAX_VALUE);
                } else if (op == '+') {
                    at++;
                    atom = new Repeat(atom, 1, Integer.MAX_VALUE);
                } else if (op == '?') {
                    at++;
                    atom = new Repeat(atom, 0, 1);
                } else if (op == '{') {
                    int close = src.indexOf('}', at);
                    String[] bounds = src.substring(at + 1, close).split(",", -1);
                    int min = Integer.parseInt(bounds[0]);
                    int max = bounds.length == 1
                            ? min
                            : bounds[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
                    atom = new Repeat(atom, min, max);
                    at = close + 1;
                } else {
                    break;
                }
            }
            items.add(atom);
        }
    }

    private Node atom() {
        char c = peek();
        if (c == '"') {
            at++;
            StringBuilder text = new StringBuilder();
            while (src.charAt(at) != '"') {
                text.appendCodePoint(character());
            }
            at++;
            return new Literal(text.toString());
        }
        if (c == '[') {
            at++;
            boolean negated = src.charAt(at) == '^';
            if (negated) {
                at++;
            }
            List<int[]> ranges = new ArrayList<>();
            while (src.charAt(at) != ']') {
                int from = character();
                int to = from;
                if (src.charAt(at) == '-' && src.charAt(at + 1) != ']') {
                    at++;
                    to = character();
                }
                ranges.add(new int[] {from, to});
            }
            at++;
            return new CharClass(negated, ranges);
        }
        if (c == '(') {
            at++;
            Node inner = alternatives();
            if (peek() != ')') {
                throw new IllegalArgumentException("missing ) at " + at + " in " + src);
            }
            at++;
            return inner;
        }
        int start = at;
        while (at < src.length() && (Character.isLetterOrDigit(src.charAt(at)) || src.charAt(at) == '-')) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + at + " in " + src);
        }
        return new Ref(src.substring(start, at));
    }

    /** One character of a literal or class, escapes read. */
    private int character() {
        char c = src.charAt(at++);
        if (c != '\\') {
            return c;
        }
        char e = src.charAt(at++);
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'x' -> {
                int value = Integer.parseInt(src.substring(at, at + 2), 16);
                at += 2;
                yield value;
            }
            case 'u' -> {
                int value = Integer.parseInt(src.substring(at, at + 4), 16);
                at += 4;
                yield value;
            }
            default -> e;
        };
    }

    private char peek() {
        while (at < src.length() && src.charAt(at) == ' ') {
            at++;
        }
        return at < src.length() ? src.charAt(at) : 0;
    }

    private void skipSpaces() {
        peek();
    }

    /** Every position a match of node starting at pos can end at. */
    private Set<Integer> match(Node node, String text, int pos, Map<String, Set<Integer>> memo) {
        return switch (node) {
            case Literal literal ->
                text.startsWith(literal.text(), pos)
                        ? Set.of(pos + literal.text().length())
                        : Set.of();
            case CharClass cls -> {
                if (pos >= text.length()) {
                    yield Set.of();
                }
                char c = text.charAt(pos);
                boolean in = cls.ranges().stream().anyMatch(r -> c >= r[0] && c <= r[1]);
                yield in != cls.negated() ? Set.of(pos + 1) : Set.of();
            }
            case Ref ref -> {
                String key = ref.name() + "@" + pos;
                Set<Integer> known = memo.get(key);
                if (known == null) {
                    known = match(rules.get(ref.name()), text, pos, memo);
                    memo.put(key, known);
                }
                yield known;
            }
            case Seq seq -> {
                Set<Integer> ends = Set.of(pos);
                for (Node item : seq.items()) {
                    Set<Integer> next = new HashSet<>();
                    for (int end : ends) {
                        next.addAll(match(item, text, end, memo));
                    }
                    ends = next;
                }
                yield ends;
            }
            case Alt alt -> {
                Set<Integer> ends = new HashSet<>();
                alt.options().forEach(option -> ends.addAll(match(option, text, pos, memo)));
                yield ends;
            }
            case Repeat repeat -> {
                Set<Integer> ends = new HashSet<>();
                Set<Integer> frontier = Set.of(pos);
                Set<Integer> seen = new HashSet<>();
                for (int count = 0; count <= repeat.max() && !frontier.isEmpty(); count++) {
                    if (count >= repeat.min()) {
                        ends.addAll(frontier);
                    }
                    if (count == repeat.max()) {
                        break;
                    }
                    Set<Integer> next = new HashSet<>();
                    for (int end : frontier) {
                        next.addAll(match(repeat.node(), text, end, memo));
                    }
                    if (repeat.max() == Integer.MAX_VALUE && count >= repeat.min()) {
                        next.removeAll(seen); // unbounded: stop once no new end appears
                        seen.addAll(frontier);
                    }
                    frontier = next;
                }
                yield ends;
            }
        };
    }
}
