package dev.hangar.server.resource;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Clusters and their resources (hardware profiles). */
@RestController
@RequestMapping("/api/v1/clusters")
@Tag(name = "Clusters", description = "Where replicas run, and the hardware profiles they may ask for")
class ResourceController {

    record ResourceRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,63}", message = "must be 1-64 of a-z, 0-9, '.', '-'")
            String name,

            @Min(1) @Max(4096) int cpus,
            @Min(1) long memoryBytes,
            @Size(max = 128) String gpuType,
            @Min(0) @Max(64) int gpuCount,
            @NotNull @DecimalMin("0") @DecimalMax("100000") BigDecimal pricePerHour,
            @NotEmpty List<ResourceOperation> operations) {

        ResourceService.ResourceFields fields() {
            if (gpuCount > 0 && (gpuType == null || gpuType.isBlank())) {
                throw ApiException.invalidField("gpuType", MessageCode.RESOURCE_GPU_TYPE_NEEDED.with());
            }
            return new ResourceService.ResourceFields(
                    name, cpus, memoryBytes, gpuCount == 0 ? null : gpuType, gpuCount, pricePerHour, operations);
        }
    }

    private final ResourceService resources;

    ResourceController(ResourceService resources) {
        this.resources = resources;
    }

    @GetMapping
    @Operation(summary = "Clusters; the local one with this machine's CPUs, memory, free disk and GPUs")
    List<Cluster> clusters() {
        return resources.clusters();
    }

    @GetMapping("/{cluster}")
    @Operation(summary = "One cluster")
    Cluster cluster(@PathVariable String cluster) {
        return resources.cluster(cluster);
    }

    @GetMapping("/{cluster}/resources")
    @Operation(summary = "A cluster's resources, filtered by what they may be used for")
    List<Resource> list(@PathVariable String cluster, @RequestParam Optional<ResourceOperation> operation) {
        return resources.resources(cluster, operation);
    }

    @GetMapping("/{cluster}/resources/{resource}")
    @Operation(summary = "One resource")
    Resource get(@PathVariable String cluster, @PathVariable String resource) {
        return resources.resource(cluster, resource);
    }

    @PostMapping("/{cluster}/resources")
    @Operation(summary = "Add a resource (admin)")
    ResponseEntity<Resource> create(
            @PathVariable String cluster,
            @Valid @RequestBody ResourceRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        requireAdmin(caller);
        Resource created = resources.create(cluster, request.fields());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/clusters/" + cluster + "/resources/" + created.id()))
                .body(created);
    }

    @PutMapping("/{cluster}/resources/{resource}")
    @Operation(summary = "Change a resource (admin)")
    Resource update(
            @PathVariable String cluster,
            @PathVariable String resource,
            @Valid @RequestBody ResourceRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        requireAdmin(caller);
        return resources.update(cluster, resource, request.fields());
    }

    @DeleteMapping("/{cluster}/resources/{resource}")
    @Operation(summary = "Remove a resource (admin)")
    ResponseEntity<Void> delete(
            @PathVariable String cluster,
            @PathVariable String resource,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        requireAdmin(caller);
        resources.delete(cluster, resource);
        return ResponseEntity.noContent().build();
    }

    private static void requireAdmin(AuthenticatedUser caller) {
        if (!caller.isAdmin()) {
            throw new ApiException(ProblemType.FORBIDDEN, MessageCode.RESOURCE_ADMIN_ONLY.with());
        }
    }
}
