package dev.hangar.server.endpoint.admission;

import dev.hangar.server.registry.Model;
import dev.hangar.server.resource.Resource;
import dev.hangar.server.system.MachineProbe;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks that a deployment fits before anything starts: the memory estimate of one replica against
 * its resource, and all replicas against what this machine has free. GPU-only runtimes manage
 * their own device memory, which this machine's probe does not measure, so they are not checked.
 */
@Component
public class MemoryAdmission {

    private final MemoryEstimator estimator;
    private final MachineProbe machine;

    MemoryAdmission(MemoryEstimator estimator, MachineProbe machine) {
        this.estimator = estimator;
        this.machine = machine;
    }

    /** What one replica of this model on this runtime would need, with the parts that make it up. */
    public MemoryEstimate estimate(Model model, String runtime, Map<String, Object> engineArgs) {
        return estimator.estimate(
                model.facts(), model.sizeBytes() == null ? 0 : model.sizeBytes(), runtime, engineArgs);
    }

    /**
     * @param alreadyRunning replicas of this endpoint that run now and will be replaced, whose
     *     memory comes back before the new ones load
     * @throws dev.hangar.server.problem.ApiException 422 {@code insufficient-memory} with the numbers
     */
    public void check(
            Model model,
            String runtime,
            Map<String, Object> engineArgs,
            Resource resource,
            int replicas,
            int alreadyRunning) {
        MemoryEstimate perReplica = estimate(model, runtime, engineArgs);
        if (perReplica.device()) {
            return;
        }
        long available = machine.availableMemoryBytes() + perReplica.totalBytes() * alreadyRunning;
        Admission.check(perReplica, replicas, resource.name(), resource.memoryBytes(), available);
    }
}
