package dev.hangar.server.system;

import dev.hangar.server.HangarVersion;
import dev.hangar.server.auth.Role;
import dev.hangar.server.auth.UserLimitsService;
import dev.hangar.server.database.DatabaseTarget;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.reconcile.ServerReplicas;
import dev.hangar.server.runtime.RuntimeInstallations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin view of this installation: version, uptime, database, data directory, machine, and its settings. */
@RestController
@RequestMapping("/api/v1/system")
@Tag(name = "System", description = "Admin: this installation and this machine")
class SystemController {

    record DatabaseInfo(String kind, String url) {}

    record SystemInfo(
            String version,
            String java,
            Instant startedAt,
            long uptimeSeconds,
            DatabaseInfo database,
            String home,
            Machine machine,
            ServerSettings settings) {}

    private final DatabaseTarget database;
    private final HangarHome home;
    private final MachineProbe machine;
    private final HangarProperties properties;
    private final RuntimeInstallations runtimes;
    private final ServerReplicas replicas;
    private final UserLimitsService limits;

    SystemController(
            DatabaseTarget database,
            HangarHome home,
            MachineProbe machine,
            HangarProperties properties,
            RuntimeInstallations runtimes,
            ServerReplicas replicas,
            UserLimitsService limits) {
        this.database = database;
        this.home = home;
        this.machine = machine;
        this.properties = properties;
        this.runtimes = runtimes;
        this.replicas = replicas;
        this.limits = limits;
    }

    @GetMapping
    @Operation(
            summary = "Version, uptime, database, HANGAR_HOME and this machine's CPUs, memory and GPUs",
            description = "settings: the data directories, the built-in worker's jar and llama.cpp release, new users'"
                    + " limits, request and retention limits, replicas and the public port; never a secret.")
    SystemInfo system() {
        var runtime = ManagementFactory.getRuntimeMXBean();
        return new SystemInfo(
                HangarVersion.current(),
                Runtime.version().toString(),
                Instant.ofEpochMilli(runtime.getStartTime()),
                Duration.ofMillis(runtime.getUptime()).toSeconds(),
                new DatabaseInfo(database.kind().name().toLowerCase(Locale.ROOT), database.displayUrl()),
                home.root().toString(),
                machine.machine(),
                ServerSettings.of(
                        properties,
                        home,
                        runtimes.workerFacts(),
                        limits.forNewUser(Role.USER),
                        replicas.atStart().atExit()));
    }
}
