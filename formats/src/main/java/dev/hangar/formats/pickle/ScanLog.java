package dev.hangar.formats.pickle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.stream.Collectors;

/**
 * Collects findings and imported globals across the pickles of one file. Both are capped: a real checkpoint imports a
 * few dozen globals, and past the cap the file is unsafe anyway, so a hostile stream cannot grow them without limit.
 */
final class ScanLog {
    static final int MAX_FINDINGS = 1000;
    static final int MAX_GLOBALS = 10_000;

    private final List<PickleFinding> findings = new ArrayList<>();
    private final SequencedSet<String> globals = new LinkedHashSet<>();

    void flag(PickleFinding.Kind kind, String global, String entry, long offset, String opcode) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(new PickleFinding(kind, global, entry, offset, opcode));
        }
    }

    void sawGlobal(String qualifiedName) {
        if (globals.size() < MAX_GLOBALS) {
            globals.add(qualifiedName);
        }
    }

    /** Appended to the problem of a damaged stream, so a refusal still says what the file tried to import. */
    String findingsSoFar() {
        if (findings.isEmpty()) {
            return "";
        }
        return "; before that it imports or calls "
                + findings.stream()
                        .map(PickleFinding::global)
                        .distinct()
                        .limit(5)
                        .collect(Collectors.joining(", "));
    }

    PickleScanResult result() {
        return PickleScanResult.of(findings, globals);
    }
}
