package dev.hangar.formats.pickle;

import java.util.Optional;

/**
 * What the scanner knows about a value on the unpickler's stack: a string (needed to resolve STACK_GLOBAL), an imported
 * global, or something it does not need to know.
 */
sealed interface Symbol {

    record Text(String value) implements Symbol {}

    /** @param flagged why the import was flagged; empty for an allowed one */
    record Global(String qualifiedName, Optional<PickleFinding.Kind> flagged) implements Symbol {}

    enum Opaque implements Symbol {
        VALUE
    }
}
