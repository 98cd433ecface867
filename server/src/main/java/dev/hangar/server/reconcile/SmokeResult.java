package dev.hangar.server.reconcile;

/**
 * How a replica answered one tiny real request before it takes traffic.
 *
 * @param detail what happened, for the replica's status and the log: the request and its answer,
 *     or why there was none
 */
public record SmokeResult(boolean ok, String detail) {

    public static SmokeResult passed(String detail) {
        return new SmokeResult(true, detail);
    }

    public static SmokeResult failed(String detail) {
        return new SmokeResult(false, detail);
    }
}
