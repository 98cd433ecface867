package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One replica slot of an endpoint and the process serving it, if any. The slot keeps its id, log
 * and restart count when its process is restarted.
 *
 * @param generation the endpoint generation its process was started for; an older one is replaced
 * @param address where the replica answers, as its backend said when it started it: a local
 *     process's {@code http://host:port}, a router endpoint's provider's base URL; the gateway sends
 *     the replica's requests there. Null while nothing serves the slot
 * @param token the secret the process was started with, which identifies it after a server restart
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Replica(
        String id,
        @JsonIgnore String endpointId,
        int ordinal,
        @JsonIgnore int generation,
        ReplicaState state,
        String address,
        String host,
        Integer port,
        Long pid,
        Instant processStart,
        @JsonIgnore String token,
        @JsonIgnore String logFile,
        int restarts,
        Integer lastExitCode,
        Instant nextStartAt,
        Instant startedAt,
        Instant readyAt) {}
