package dev.hangar.server.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hangar.server.system.Machine;
import java.time.Instant;

/**
 * Where replicas run. {@code local} is this machine, created on first start; its {@code machine}
 * is read live (CPUs, memory, free disk, GPUs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cluster(String id, String name, String kind, String description, Instant createdAt, Machine machine) {}
