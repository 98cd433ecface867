package dev.hangar.formats;

/**
 * A model file that breaks its format's rules, carrying what is wrong and where (byte offset, section, key).
 *
 * <p>Unchecked on purpose: readers are the edge that validates untrusted files, the problem is reported once where the
 * caller maps it to a "bad file" answer (a 4xx), and checked plumbing through every parsing helper and value accessor
 * would add noise without adding handling. Failures of the storage itself stay {@link java.io.IOException}s.
 */
public final class InvalidModelFile extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String location;

    /**
     * @param problem what is wrong, as a sentence a person can act on
     * @param location where it is, e.g. {@code "byte offset 24, metadata key 'general.name'"}
     */
    public InvalidModelFile(String problem, String location) {
        super(problem + " (at " + location + ")");
        this.problem = problem;
        this.location = location;
    }

    /** Locates the problem at an absolute byte offset inside a named section of the file. */
    public static InvalidModelFile at(long offset, String section, String problem) {
        return new InvalidModelFile(problem, "byte offset " + offset + ", " + section);
    }

    public String problem() {
        return problem;
    }

    public String location() {
        return location;
    }
}
