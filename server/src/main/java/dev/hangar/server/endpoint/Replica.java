package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One replica slot of an endpoint and the process serving it, if any. The slot keeps its id, log
 * and restart count when its process is restarted.
 *
 * @param generation the endpoint generation its process was started for; an older one is replaced
 * @param token the secret the process was started with, which identifies it after a server restart
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Replica(
        String id,
        @JsonIgnore String endpointId,
        int ordinal,
        @JsonIgnore int generation,
        ReplicaState state,
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
        Instant readyAt) {

    /** Where the replica answers, e.g. {@code http://127.0.0.1:8100}; null without a port. */
    @JsonProperty("address")
    public String address() {
        return port == null ? null : "http://" + host + ":" + port;
    }
}
