package dev.hangar.server.reconcile;

import java.util.Optional;

/**
 * What the server does with its replicas when it stops, and the banner's sentence saying so with the
 * flag that changes it. Unset, a server started in a terminal stops them after they drain (Ctrl-C on
 * a laptop frees the memory), one started without a terminal (a service manager) leaves them serving
 * for the next start to adopt.
 *
 * @param stop whether the replicas are stopped
 * @param rule why, and how to have it the other way
 */
public record ReplicasAtExit(boolean stop, String rule) {

    private static final String KEEP_FLAG = "--keep-replicas-on-exit keeps them serving for the next start";
    private static final String STOP_FLAG = "--stop-replicas-on-exit stops them";

    /** The rule for the setting ({@code HANGAR_STOP_REPLICAS_ON_EXIT} or a flag) and whether stdin and stdout are a terminal. */
    static ReplicasAtExit decide(Optional<Boolean> setting, boolean terminal) {
        if (setting.isPresent()) {
            return setting.get()
                    ? new ReplicasAtExit(true, "stopped after they drain (as set); " + KEEP_FLAG)
                    : new ReplicasAtExit(false, "left serving, adopted at the next start (as set); " + STOP_FLAG);
        }
        return terminal
                ? new ReplicasAtExit(true, "stopped after they drain at Ctrl-C (started in a terminal); " + KEEP_FLAG)
                : new ReplicasAtExit(
                        false, "left serving, adopted at the next start (no terminal: a service's stop); " + STOP_FLAG);
    }

    /** Whether this process's input and output are a terminal (a person started it by hand). */
    static boolean inTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }
}
