package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.admission.MemoryAdmission;
import dev.hangar.server.message.Message;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.system.MachineProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The load step's checks against this machine's memory: whether the endpoint fits now (refusing
 * with numbers beats an out-of-memory kill), and whether reading the weights ahead is worth it.
 */
@Component
class LoadCheck {

    private final MemoryAdmission admission;
    private final MachineProbe machine;

    LoadCheck(MemoryAdmission admission, MachineProbe machine) {
        this.admission = admission;
        this.machine = machine;
    }

    /** Why the wanted replicas do not fit, or empty when they do; the endpoint's live replicas are about to be replaced. */
    Optional<Message> refusal(LaunchPlanner.Planned planned, int replicas, int alreadyRunning) {
        try {
            admission.check(
                    planned.model(),
                    planned.plan().runtime().name(),
                    planned.plan().engineArgs(),
                    planned.resource(),
                    replicas,
                    alreadyRunning);
            return Optional.empty();
        } catch (ApiException e) {
            return Optional.of(e.message());
        }
    }

    /** Reading ahead helps only when the weights stay cached: a regular file of at most half the free memory. */
    boolean worthPagingIn(Path weights) {
        try {
            return Files.isRegularFile(weights) && Files.size(weights) <= machine.availableMemoryBytes() / 2;
        } catch (IOException e) {
            return false;
        }
    }
}
