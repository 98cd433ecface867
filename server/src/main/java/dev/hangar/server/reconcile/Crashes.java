package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.EndpointRepository;
import dev.hangar.server.endpoint.EndpointState;
import dev.hangar.server.endpoint.EventLevel;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaRepository;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What happens when a replica of a running endpoint dies: the crash is counted in the endpoint's
 * window, the slot waits out its backoff before a new process starts, and an endpoint that crashes
 * too often goes {@code RuntimeError} with the last log lines in its event.
 */
@Component
class Crashes {

    private static final Logger log = LoggerFactory.getLogger(Crashes.class);

    private final EndpointRepository endpoints;
    private final ReplicaRepository replicas;
    private final ReplicaSlots slots;
    private final LaunchPlanner planner;
    private final Clock clock;

    Crashes(
            EndpointRepository endpoints,
            ReplicaRepository replicas,
            ReplicaSlots slots,
            LaunchPlanner planner,
            Clock clock) {
        this.endpoints = endpoints;
        this.replicas = replicas;
        this.slots = slots;
        this.planner = planner;
        this.clock = clock;
    }

    /** Records the crash of {@code slot}; {@code reason} says how it ended and carries the log tail. */
    synchronized void crashed(String endpointId, Replica slot, Integer exitCode, String reason) {
        EndpointRepository.Row row = endpoints.findById(endpointId).orElse(null);
        if (row == null) {
            return;
        }
        Instant now = clock.instant();
        CrashWindow window = new CrashWindow(row.failureTimes()).with(now);
        endpoints.saveFailureTimes(endpointId, window.crashes());
        if (window.exceeded()) {
            replicas.failed(slot.id(), exitCode, null);
            Message why = MessageCode.REASON_CRASH_LOOP.with(
                    "count", window.crashes().size(), "minutes", CrashWindow.WINDOW.toMinutes(), "reason", reason);
            endpoints.recordEvent(endpointId, EventLevel.ERROR, slot.id(), why, now);
            log.warn("endpoint {} ({}) gave up: {}", row.endpoint().name(), endpointId, why.text());
            if (endpoints.observe(row, EndpointState.RUNTIME_ERROR, why, now)) {
                slots.stopAll(endpointId, planner.stopGrace(row), "the endpoint crashed too often");
            }
            return;
        }
        Instant next = now.plus(window.backoff());
        replicas.failed(slot.id(), exitCode, next);
        endpoints.recordEvent(
                endpointId,
                EventLevel.WARNING,
                slot.id(),
                MessageCode.EVENT_CRASHED_RESTARTING.with(
                        "reason", reason, "seconds", window.backoff().toSeconds()),
                now);
        log.warn(
                "endpoint {} ({}): {}",
                row.endpoint().name(),
                endpointId,
                reason.lines().findFirst().orElse(reason));
    }
}
