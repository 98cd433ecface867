package dev.hangar.server.resource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/** A hardware profile of a cluster: CPUs, memory, GPUs, price per hour, and what it may be used for. */
public record Resource(
        String id,
        String cluster,
        String name,
        int cpus,
        long memoryBytes,
        String gpuType,
        int gpuCount,
        BigDecimal pricePerHour,
        List<ResourceOperation> operations,
        Instant createdAt) {

    public Resource {
        operations = operations.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(operations));
    }
}
