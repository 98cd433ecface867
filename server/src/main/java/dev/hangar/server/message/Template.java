package dev.hangar.server.message;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An English sentence with named holes, {@code {name}}, filled from a message's parameters. */
record Template(String text) {

    private static final Pattern HOLE = Pattern.compile("\\{(\\w+)}");

    /** The parameter names, in the order they first appear. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = HOLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    String render(Map<String, Object> params) {
        Matcher m = HOLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Message.textOf(params.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names a parameter list lacks or has beyond the template's, empty when they match. */
    List<String> mismatches(Set<String> given) {
        List<String> wrong = new ArrayList<>();
        names().stream().filter(n -> !given.contains(n)).forEach(n -> wrong.add("missing " + n));
        given.stream().filter(n -> !names().contains(n)).forEach(n -> wrong.add("unknown " + n));
        return wrong;
    }
}
