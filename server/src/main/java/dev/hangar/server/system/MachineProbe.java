package dev.hangar.server.system;

import com.sun.management.OperatingSystemMXBean;
import dev.hangar.server.home.HangarHome;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Reads this machine's resources. CPUs and memory are read on every call (they are cheap and
 * change under containers); GPUs are probed once, since asking the driver takes a while.
 */
@Component
public class MachineProbe {

    private final HangarHome home;
    private final AtomicReference<List<Gpu>> gpus = new AtomicReference<>();

    public MachineProbe(HangarHome home) {
        this.home = home;
    }

    public Machine machine() {
        return new Machine(
                hostname(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                os().getTotalMemorySize(),
                availableMemoryBytes(),
                diskFree(),
                gpus());
    }

    /**
     * The memory a new process may take now, without the rest of {@link #machine()} (host name, disk,
     * GPUs): Linux's {@code MemAvailable} (free memory plus the page cache the kernel gives back),
     * unless a container limit makes the machine smaller than the kernel's total, where the JVM's
     * own reading of the container's free memory is the one that holds.
     */
    public long availableMemoryBytes() {
        long total = os().getTotalMemorySize();
        OptionalLong kernelTotal = MemInfo.read(MemInfo.PROC_MEMINFO, "MemTotal");
        OptionalLong available = MemInfo.read(MemInfo.PROC_MEMINFO, "MemAvailable");
        if (available.isPresent() && kernelTotal.isPresent() && kernelTotal.getAsLong() <= total) {
            return available.getAsLong();
        }
        return os().getFreeMemorySize();
    }

    private static OperatingSystemMXBean os() {
        return (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    public List<Gpu> gpus() {
        List<Gpu> known = gpus.get();
        if (known == null) {
            known = NvidiaSmi.detect(System.getenv("PATH"));
            gpus.compareAndSet(null, known);
        }
        return known;
    }

    private long diskFree() {
        try {
            return Files.getFileStore(home.root()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
