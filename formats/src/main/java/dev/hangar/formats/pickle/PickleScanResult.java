package dev.hangar.formats.pickle;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * The verdict on a pickle-based checkpoint, with every finding and every global it imports.
 *
 * @param globals {@code module.name} of each resolvable import, in order of first appearance
 */
public record PickleScanResult(Verdict verdict, List<PickleFinding> findings, SequencedSet<String> globals) {

    public PickleScanResult {
        findings = List.copyOf(findings);
        globals = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(globals));
    }

    /** SAFE only when nothing outside the allow list is imported or called. */
    public enum Verdict {
        SAFE,
        UNSAFE
    }

    static PickleScanResult of(List<PickleFinding> findings, SequencedSet<String> globals) {
        return new PickleScanResult(findings.isEmpty() ? Verdict.SAFE : Verdict.UNSAFE, findings, globals);
    }
}
