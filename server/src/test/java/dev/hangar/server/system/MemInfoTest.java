package dev.hangar.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemInfoTest {

    @TempDir
    Path dir;

    @Test
    void readsFieldsInBytes() throws IOException {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(
                meminfo,
                "MemTotal:       24683720 kB\nMemFree:         1021436 kB\nMemAvailable:   "
                        + "22812340 kB\nHugePages_Total:       0\n");

        assertThat(MemInfo.read(meminfo, "MemAvailable")).hasValue(22_812_340L * 1024);
        assertThat(MemInfo.read(meminfo, "MemTotal")).hasValue(24_683_720L * 1024);
        assertThat(MemInfo.read(meminfo, "HugePages_Total")).hasValue(0);
        assertThat(MemInfo.read(meminfo, "MemShared")).isEmpty();
        assertThat(MemInfo.read(dir.resolve("missing"), "MemAvailable")).isEmpty();
    }

    @Test
    void thisMachineCountsThePageCacheAsAvailable() {
        MachineProbe probe = new MachineProbe(null);
        long free = ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getFreeMemorySize();

        assertThat(probe.availableMemoryBytes()).isGreaterThanOrEqualTo(free - (64L << 20));
    }
}
