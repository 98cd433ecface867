package dev.hangar.server.reconcile;

import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.home.HangarProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Keeps an endpoint's replica slots at the wanted count: new slots get an id and a log file,
 * surplus ones are stopped and removed with their files.
 */
@Component
class ReplicaSlots {

    private final ReplicaRepository replicas;
    private final ReplicaProcesses processes;
    private final EndpointFiles files;
    private final IdGenerator ids;
    private final Clock clock;
    private final String host;

    ReplicaSlots(
            ReplicaRepository replicas,
            ReplicaProcesses processes,
            EndpointFiles files,
            IdGenerator ids,
            Clock clock,
            HangarProperties properties) {
        this.replicas = replicas;
        this.processes = processes;
        this.files = files;
        this.ids = ids;
        this.clock = clock;
        this.host = properties.replicas().host();
    }

    /** The endpoint's slots 0 .. wanted-1 on this machine, creating the missing ones and stopping and removing any beyond. */
    List<Replica> ensure(String endpointId, int wanted, Duration grace) {
        return ensure(endpointId, wanted, grace, host);
    }

    /** {@link #ensure(String, int, Duration)} with new slots on {@code slotHost}: a remote replica's host. */
    List<Replica> ensure(String endpointId, int wanted, Duration grace, String slotHost) {
        List<Replica> slots = new ArrayList<>();
        for (Replica slot : replicas.of(endpointId)) {
            if (slot.ordinal() < wanted) {
                slots.add(slot);
            } else {
                processes.stop(slot, grace, "scaled down");
                replicas.delete(slot.id());
                files.removeReplica(endpointId, slot.id());
            }
        }
        for (int ordinal = 0; ordinal < wanted; ordinal++) {
            int taken = ordinal;
            if (slots.stream().noneMatch(s -> s.ordinal() == taken)) {
                String id = ids.next("rep");
                String logFile =
                        files.directory(endpointId).resolve(id + ".log").toString();
                replicas.insert(id, endpointId, ordinal, slotHost, logFile, clock.instant());
            }
        }
        return replicas.of(endpointId);
    }

    /** Stops every process of the endpoint; the slots stay, stopped. */
    void stopAll(String endpointId, Duration grace, String why) {
        Parallel.map(replicas.of(endpointId), slot -> {
            processes.stop(slot, grace, why);
            return slot;
        });
    }
}
