package dev.hangar.server.reconcile;

import java.nio.file.Path;
import java.time.Instant;

/** What identifies a running replica's process, as recorded in the database: enough to find it again after a restart. */
public record ReplicaHandle(String replicaId, long pid, Instant processStart, String host, int port, Path logFile) {

    public String address() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
