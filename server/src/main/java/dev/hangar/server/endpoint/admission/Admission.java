package dev.hangar.server.endpoint.admission;

import dev.hangar.server.core.ByteSizes;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;

/**
 * Refuses a deployment that would not fit, before anything starts: a replica must fit its
 * resource, and all replicas together must fit what the machine has free. The refusal carries the
 * numbers and what the estimate is made of, so the user sees what to change.
 */
public final class Admission {

    private Admission() {}

    /**
     * @param replicas how many replicas the deployment asks for
     * @param resourceMemoryBytes what one replica may use on its resource, of the estimate's kind
     *     (RAM, or GPU memory for a {@linkplain MemoryEstimate#device() device} estimate)
     * @param machineAvailableBytes what the machine has free now, of the same kind
     * @throws ApiException {@link ProblemType#INSUFFICIENT_MEMORY} when either does not fit
     */
    public static void check(
            MemoryEstimate perReplica,
            int replicas,
            String resourceName,
            long resourceMemoryBytes,
            long machineAvailableBytes) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, not " + replicas);
        }
        long each = perReplica.totalBytes();
        if (each > resourceMemoryBytes) {
            throw refused((perReplica.kvCacheBasis() == null
                            ? MessageCode.ADMISSION_RESOURCE_TOO_SMALL
                            : MessageCode.ADMISSION_RESOURCE_TOO_SMALL_CONTEXT)
                    .with(
                            "needed",
                            ByteSizes.bytes(each),
                            "kind",
                            perReplica.kind(),
                            "resource",
                            resourceName,
                            "available",
                            ByteSizes.bytes(resourceMemoryBytes),
                            "estimate",
                            perReplica.describe()));
        }
        long all = Math.multiplyExact(each, replicas);
        if (all > machineAvailableBytes) {
            throw refused(MessageCode.ADMISSION_MACHINE_TOO_SMALL.with(
                    "replicas",
                    replicas,
                    "each",
                    ByteSizes.bytes(each),
                    "all",
                    ByteSizes.bytes(all),
                    "kind",
                    perReplica.kind(),
                    "available",
                    ByteSizes.bytes(machineAvailableBytes),
                    "estimate",
                    perReplica.describe()));
        }
    }

    private static ApiException refused(Message detail) {
        return new ApiException(ProblemType.INSUFFICIENT_MEMORY, detail);
    }
}
