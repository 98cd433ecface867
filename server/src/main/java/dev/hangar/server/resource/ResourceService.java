package dev.hangar.server.resource;

import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.system.MachineProbe;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Clusters and their resources; anyone may read them, admins change them. */
@Service
public class ResourceService {

    /** The fields of a resource as an admin sets them. */
    record ResourceFields(
            String name,
            int cpus,
            long memoryBytes,
            String gpuType,
            int gpuCount,
            BigDecimal pricePerHour,
            List<ResourceOperation> operations) {}

    private final ResourceRepository repository;
    private final MachineProbe machine;
    private final IdGenerator ids;
    private final Clock clock;
    private final ResourceUsage usage;

    ResourceService(
            ResourceRepository repository, MachineProbe machine, IdGenerator ids, Clock clock, ResourceUsage usage) {
        this.repository = repository;
        this.machine = machine;
        this.ids = ids;
        this.clock = clock;
        this.usage = usage;
    }

    public List<Cluster> clusters() {
        return repository.clusters().stream().map(this::withMachine).toList();
    }

    public Cluster cluster(String idOrName) {
        return withMachine(find(idOrName));
    }

    /** A cluster's resources, only those allowed for {@code operation} when given. */
    public List<Resource> resources(String clusterIdOrName, Optional<ResourceOperation> operation) {
        Cluster cluster = find(clusterIdOrName);
        return repository.resources(cluster.id()).stream()
                .filter(r -> operation.isEmpty() || r.operations().contains(operation.get()))
                .toList();
    }

    public Resource resource(String clusterIdOrName, String idOrName) {
        Cluster cluster = find(clusterIdOrName);
        return repository
                .resource(cluster.id(), idOrName)
                .orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_RESOURCE, idOrName));
    }

    Resource create(String clusterIdOrName, ResourceFields fields) {
        Cluster cluster = find(clusterIdOrName);
        repository.resource(cluster.id(), fields.name()).ifPresent(existing -> {
            throw new ConflictException(
                    MessageCode.RESOURCE_NAME_TAKEN.with("cluster", cluster.name(), "name", fields.name()),
                    existing.id());
        });
        Resource resource = new Resource(
                ids.next("res"),
                cluster.name(),
                fields.name(),
                fields.cpus(),
                fields.memoryBytes(),
                fields.gpuType(),
                fields.gpuCount(),
                fields.pricePerHour(),
                fields.operations(),
                clock.instant());
        try {
            repository.insertResource(cluster.id(), resource);
        } catch (DuplicateKeyException e) {
            throw new ConflictException(MessageCode.RESOURCE_NAME_JUST_TAKEN.with("name", fields.name()), null);
        }
        return resource;
    }

    Resource update(String clusterIdOrName, String idOrName, ResourceFields fields) {
        Resource current = resource(clusterIdOrName, idOrName);
        Resource changed = new Resource(
                current.id(),
                current.cluster(),
                fields.name(),
                fields.cpus(),
                fields.memoryBytes(),
                fields.gpuType(),
                fields.gpuCount(),
                fields.pricePerHour(),
                fields.operations(),
                current.createdAt());
        try {
            repository.updateResource(changed);
        } catch (DuplicateKeyException e) {
            throw new ConflictException(
                    MessageCode.RESOURCE_NAME_TAKEN.with("cluster", current.cluster(), "name", fields.name()), null);
        }
        return changed;
    }

    void delete(String clusterIdOrName, String idOrName) {
        Resource resource = resource(clusterIdOrName, idOrName);
        List<String> using = usage.endpointsOn(resource.id());
        if (!using.isEmpty()) {
            throw new ApiException(
                    ProblemType.CONFLICT,
                    MessageCode.RESOURCE_IN_USE.with("name", resource.name(), "endpoints", using));
        }
        repository.deleteResource(resource.id());
    }

    private Cluster find(String idOrName) {
        return repository
                .cluster(idOrName)
                .orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_CLUSTER, idOrName));
    }

    private Cluster withMachine(Cluster cluster) {
        return cluster.kind().equals("local")
                ? new Cluster(
                        cluster.id(),
                        cluster.name(),
                        cluster.kind(),
                        cluster.description(),
                        cluster.createdAt(),
                        machine.machine())
                : cluster;
    }
}
