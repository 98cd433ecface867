package dev.hangar.server.resource;

import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.system.Gpu;
import dev.hangar.server.system.Machine;
import dev.hangar.server.system.MachineProbe;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On first start, records this machine as the cluster {@code local} with resources sized from
 * what it has: a small and a medium CPU profile, the whole machine, and one profile per GPU model
 * (one GPU, and all of them when there are several). Prices start at 0: an admin sets them.
 */
@Component
class LocalClusterBootstrap implements SmartInitializingSingleton {

    static final String LOCAL = "local";
    private static final long GIB = 1L << 30;
    private static final Logger log = LoggerFactory.getLogger(LocalClusterBootstrap.class);

    private final ResourceRepository repository;
    private final MachineProbe machine;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate transaction;

    LocalClusterBootstrap(
            ResourceRepository repository,
            MachineProbe machine,
            IdGenerator ids,
            Clock clock,
            TransactionTemplate transaction) {
        this.repository = repository;
        this.machine = machine;
        this.ids = ids;
        this.clock = clock;
        this.transaction = transaction;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (repository.cluster(LOCAL).isPresent()) {
            return;
        }
        Machine here = machine.machine();
        Instant now = clock.instant();
        Cluster local =
                new Cluster(ids.next("cls"), LOCAL, "local", "This machine (" + here.hostname() + ")", now, null);
        List<Resource> seeded = profiles(here, now);
        transaction.executeWithoutResult(status -> {
            repository.insertCluster(local);
            seeded.forEach(r -> repository.insertResource(local.id(), r));
        });
        log.info(
                "cluster 'local' created with resources {}",
                String.join(", ", seeded.stream().map(Resource::name).toList()));
    }

    private List<Resource> profiles(Machine here, Instant now) {
        int cpus = here.cpus();
        long memory = here.memoryBytes();
        List<Resource> profiles = new ArrayList<>();
        profiles.add(profile("cpu-small", Math.min(2, cpus), Math.min(4 * GIB, memory / 2), null, 0, now));
        if (cpus >= 4) {
            profiles.add(profile("cpu-medium", 4, Math.min(16 * GIB, memory / 2), null, 0, now));
        }
        profiles.add(profile("cpu-whole-machine", cpus, memory * 4 / 5, null, 0, now));
        Map<String, List<Gpu>> byModel = here.gpus().stream().collect(Collectors.groupingBy(Gpu::name));
        byModel.forEach((model, gpus) -> {
            String slug =
                    model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            profiles.add(profile("gpu-1x-" + slug, Math.min(8, cpus), Math.min(64 * GIB, memory / 2), model, 1, now));
            if (gpus.size() > 1) {
                profiles.add(
                        profile("gpu-" + gpus.size() + "x-" + slug, cpus, memory * 4 / 5, model, gpus.size(), now));
            }
        });
        return profiles;
    }

    private Resource profile(String name, int cpus, long memory, String gpuType, int gpuCount, Instant now) {
        return new Resource(
                ids.next("res"),
                LOCAL,
                name,
                Math.max(1, cpus),
                memory,
                gpuType,
                gpuCount,
                BigDecimal.ZERO,
                List.copyOf(EnumSet.allOf(ResourceOperation.class)),
                now);
    }
}
