package dev.hangar.server.home;

/**
 * A setting or file that keeps Hangar from starting, with what to do about it. Printed as a short
 * "cannot start" report instead of a stack trace; see {@link StartupProblemAnalyzer}.
 */
public class StartupProblem extends RuntimeException {

    private final String action;

    public StartupProblem(String problem, String action) {
        super(problem);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
