package dev.hangar.server.reconcile;

import dev.hangar.server.runtime.LaunchSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * One replica to start.
 *
 * @param token a secret per replica start, handed to the process as {@code HANGAR_REPLICA_TOKEN};
 *     the built-in worker shows it in {@code /info}, which is how a restarted server recognises it
 * @param extraEnv the endpoint's own environment variables, added to the launch spec's
 * @param logFile where stdout and stderr go (appended; the backend rotates it)
 */
public record ReplicaLaunch(
        String replicaId,
        String token,
        String host,
        int port,
        LaunchSpec spec,
        Map<String, String> extraEnv,
        Path logFile) {

    public ReplicaLaunch {
        extraEnv = Map.copyOf(extraEnv);
    }
}
