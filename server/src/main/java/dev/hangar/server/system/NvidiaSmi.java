package dev.hangar.server.system;

import dev.hangar.server.core.BoundedProcess;
import dev.hangar.server.core.ExecutableSearch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists NVIDIA GPUs by asking {@code nvidia-smi} for CSV, when it is on the PATH. No nvidia-smi,
 * or one that fails or hangs, means no GPUs, never a failed start.
 */
final class NvidiaSmi {

    static final String QUERY = "--query-gpu=index,name,memory.total,uuid,driver_version";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(NvidiaSmi.class);

    private NvidiaSmi() {}

    static List<Gpu> detect(String pathVariable) {
        Optional<Path> executable = ExecutableSearch.find(pathVariable, "nvidia-smi");
        if (executable.isEmpty()) {
            return List.of();
        }
        try {
            BoundedProcess.Outcome outcome = BoundedProcess.run(
                    List.of(executable.get().toString(), QUERY, "--format=csv,noheader,nounits"), TIMEOUT, 64 * 1024);
            if (outcome.exitCode().isEmpty()) {
                log.warn("nvidia-smi did not answer within {}; assuming no GPUs", TIMEOUT);
                return List.of();
            }
            if (!outcome.succeeded()) {
                log.warn(
                        "nvidia-smi exited with {}; assuming no GPUs",
                        outcome.exitCode().get());
                return List.of();
            }
            return parse(outcome.output());
        } catch (IOException e) {
            log.warn("cannot run nvidia-smi ({}); assuming no GPUs", e.getMessage());
            return List.of();
        }
    }

    /** Parses {@code index, name, memory.total [MiB], uuid, driver_version} lines; skips lines it cannot read. */
    static List<Gpu> parse(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] cells = line.split(",");
            if (cells.length < 5) {
                continue;
            }
            try {
                gpus.add(new Gpu(
                        Integer.parseInt(cells[0].trim()),
                        "nvidia",
                        cells[1].trim(),
                        Long.parseLong(cells[2].trim()) * 1024 * 1024,
                        cells[3].trim(),
                        cells[4].trim()));
            } catch (NumberFormatException e) {
                log.debug("skipping nvidia-smi line '{}'", line);
            }
        }
        return List.copyOf(gpus);
    }
}
