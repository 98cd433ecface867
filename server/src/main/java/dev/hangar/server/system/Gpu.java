package dev.hangar.server.system;

/** One GPU of this machine as its driver reports it. */
public record Gpu(int index, String vendor, String name, long memoryBytes, String uuid, String driverVersion) {}
