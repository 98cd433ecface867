package dev.hangar.server.system;

import java.util.List;

/** What this machine has for running models: CPUs, memory, disk under HANGAR_HOME, and GPUs. */
public record Machine(
        String hostname,
        String os,
        String arch,
        int cpus,
        long memoryBytes,
        long availableMemoryBytes,
        long diskFreeBytes,
        List<Gpu> gpus) {}
