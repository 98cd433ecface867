package dev.hangar.server.reconcile;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What identifies a running replica's process, as recorded in the database: enough to find it again after a restart,
 * and the token it was started with, which it requires from every caller ({@code Authorization: Bearer}).
 */
public record ReplicaHandle(
        String replicaId, long pid, Instant processStart, String host, int port, Path logFile, String token) {

    public String address() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The header that authenticates Hangar's own calls to the replica. */
    public String authorization() {
        return "Bearer " + token;
    }

    /** Without the token: a handle may end up in a log line. */
    @Override
    public String toString() {
        return "ReplicaHandle[" + replicaId + ", pid " + pid + ", " + address() + "]";
    }
}
