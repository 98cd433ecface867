package dev.hangar.server.backend.local;

import dev.hangar.server.core.NameList;
import dev.hangar.server.reconcile.ReplicaLaunch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a replica process starts with, built up rather than filtered down: only a short
 * list of the server's own variables (the program search path, home, locale, time zone, temporary
 * and cache directories, GPU selection), plus those an admin names in HANGAR_REPLICA_ENV_INHERIT;
 * then the endpoint's variables; then the runtime's own, which the endpoint's cannot override; then
 * the replica's id and token. The server's secrets (its database password, cloud credentials, tokens
 * in its environment) never reach a replica.
 */
final class ReplicaEnvironment {

    /** The server's variables every replica gets. */
    static final NameList INHERITED = NameList.of(
            "PATH",
            "HOME",
            "LANG",
            "LANGUAGE",
            "LC_*",
            "TZ",
            "TMPDIR",
            "XDG_CACHE_HOME",
            "CUDA_VISIBLE_DEVICES",
            "CUDA_DEVICE_ORDER",
            "HIP_VISIBLE_DEVICES",
            "ROCR_VISIBLE_DEVICES");

    private final NameList inherited;

    /** @param extraInherited the admin's additions to {@link #INHERITED} */
    ReplicaEnvironment(List<String> extraInherited) {
        this.inherited = INHERITED.and(extraInherited);
    }

    Map<String, String> of(Map<String, String> serverEnvironment, ReplicaLaunch launch) {
        Map<String, String> environment = new HashMap<>();
        serverEnvironment.forEach((name, value) -> {
            if (!name.startsWith("HANGAR_") && inherited.matches(name)) {
                environment.put(name, value);
            }
        });
        environment.putAll(launch.extraEnv());
        environment.putAll(launch.spec().env());
        environment.put("HANGAR_REPLICA_ID", launch.replicaId());
        environment.put("HANGAR_REPLICA_TOKEN", launch.token());
        return environment;
    }
}
