package dev.hangar.formats.pickle;

/**
 * One reason a pickle is unsafe to load: an import or a call of something outside the allow list.
 *
 * @param global {@code module.name}, or a description when it cannot be known statically
 * @param entry the zip entry holding the pickle, or the file name for a bare pickle
 * @param offset byte offset of the opcode inside that entry or file
 * @param opcode the opcode that imports or calls it, e.g. {@code GLOBAL}, {@code STACK_GLOBAL}, {@code REDUCE}
 */
public record PickleFinding(Kind kind, String global, String entry, long offset, String opcode) {

    /** Why the global is flagged. */
    public enum Kind {
        /** On the deny list: runs commands, opens files or sockets, evaluates code. */
        DANGEROUS_GLOBAL,
        /** Not on the allow list of what PyTorch and NumPy checkpoints need. */
        UNLISTED_GLOBAL,
        /** A STACK_GLOBAL whose module or name is computed, so no scanner can tell what it imports. */
        UNRESOLVED_GLOBAL,
        /** An EXT1/EXT2/EXT4 import through the copyreg extension registry, which depends on the loading process. */
        EXTENSION_CODE
    }

    @Override
    public String toString() {
        return kind + " " + global + " (" + opcode + " at byte " + offset + " of " + entry + ")";
    }
}
