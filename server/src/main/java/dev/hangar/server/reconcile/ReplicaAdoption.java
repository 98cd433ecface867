package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.endpoint.ReplicaState;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After the server starts (also after {@code kill -9}), accounts for every replica process it had
 * recorded: one that is still the same process (pid, start time, and for the built-in worker that
 * {@code /info} accepts its token) is adopted as it is; one that is gone is marked for a new start; one that
 * refuses the token it was started with is stopped. A pid now used by an unrelated program is never touched.
 */
@Component
class ReplicaAdoption {

    private static final Logger log = LoggerFactory.getLogger(ReplicaAdoption.class);
    private static final Duration QUICK_STOP = Duration.ofSeconds(10);

    private final ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend;
    private final ReplicaProbe probe;
    private final ReplicaRepository replicas;
    private final EndpointRepository endpoints;
    private final LaunchPlanner planner;
    private final Clock clock;

    ReplicaAdoption(
            ReplicaBackend<ReplicaLaunch, ReplicaHandle> backend,
            ReplicaProbe probe,
            ReplicaRepository replicas,
            EndpointRepository endpoints,
            LaunchPlanner planner,
            Clock clock) {
        this.backend = backend;
        this.probe = probe;
        this.replicas = replicas;
        this.endpoints = endpoints;
        this.planner = planner;
        this.clock = clock;
    }

    /** Accounts for every recorded replica process; answers how many were adopted and how many cleaned up. */
    ReplicasAtStart adoptAll(ReplicasAtExit atExit) {
        int adopted = 0;
        int gone = 0;
        for (Replica slot : replicas.withProcess()) {
            if (adopt(slot)) {
                adopted++;
            } else {
                gone++;
            }
        }
        if (adopted + gone > 0) {
            log.info("replicas after restart: {} adopted, {} gone or replaced", adopted, gone);
        }
        return new ReplicasAtStart(adopted, gone, atExit);
    }

    private boolean adopt(Replica slot) {
        ReplicaHandle handle = ReplicaProcesses.handle(slot).orElseThrow();
        Object[] who = {"ordinal", slot.ordinal(), "pid", slot.pid(), "port", slot.port()};
        if (!backend.observe(handle).alive()) {
            replicas.failed(slot.id(), null, null);
            event(slot, EventLevel.WARNING, MessageCode.EVENT_ADOPTION_ENDED.with(who));
            return false;
        }
        Optional<EndpointRepository.Row> row = endpoints.findById(slot.endpointId());
        if (row.isPresent() && planner.builtIn(row.get())) {
            if (probe.identify(handle) == ReplicaProbe.Identity.ANOTHER) {
                backend.stop(handle, QUICK_STOP);
                replicas.failed(slot.id(), null, null);
                event(slot, EventLevel.WARNING, MessageCode.EVENT_ADOPTION_ANOTHER.with(who));
                return false;
            }
        }
        if (slot.state() == ReplicaState.STARTING || slot.state() == ReplicaState.STOPPING) {
            backend.stop(handle, QUICK_STOP);
            replicas.failed(slot.id(), null, null);
            event(
                    slot,
                    EventLevel.INFO,
                    MessageCode.EVENT_ADOPTION_UNSETTLED.with(
                            "ordinal", slot.ordinal(), "pid", slot.pid(), "port", slot.port(), "state", slot.state()));
            return false;
        }
        event(slot, EventLevel.INFO, MessageCode.EVENT_ADOPTED.with(who));
        return true;
    }

    private void event(Replica slot, EventLevel level, Message message) {
        endpoints.recordEvent(slot.endpointId(), level, slot.id(), message, clock.instant());
    }
}
