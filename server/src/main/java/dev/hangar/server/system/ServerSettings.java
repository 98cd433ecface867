package dev.hangar.server.system;

import dev.hangar.server.auth.UserLimits;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.reconcile.ReplicasAtExit;
import dev.hangar.server.runtime.RuntimeInstallations.WorkerFacts;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings of this server that an admin may read on the settings page: where its data lives, the
 * built-in worker, what new users may use, request and retention limits, replicas and the public port.
 * Never a secret: no key, password, token or secret key (only whether one is set). Durations are ISO-8601.
 */
record ServerSettings(
        Directories directories,
        WorkerFacts worker,
        UserLimits newUserLimits,
        Requests requests,
        Retention retention,
        Replicas replicas,
        Edge edge,
        boolean metricsPublic,
        boolean metricsTokenSet) {

    /** HANGAR_HOME and the folders under it; the directories models and datasets may be registered from in place. */
    record Directories(
            String home,
            String database,
            String models,
            String endpoints,
            String logs,
            List<String> modelRoots,
            List<String> userModelRoots) {}

    record Requests(long maxBodyBytes, long maxGatewayBodyBytes, long storageReserveBytes, int importConcurrency) {}

    record Retention(String requestLog, String metrics, long requestLogMaxBytes) {}

    /** Where replicas listen, and whether this server stops them when it stops (else a restart adopts them). */
    record Replicas(String host, int portFrom, int portTo, boolean stopOnExit) {}

    record Edge(boolean https, String transport, int maxUnauthenticatedConnections) {}

    /** {@code newUserLimits}: what a new {@code user}-role account gets (HANGAR_USER_*). */
    static ServerSettings of(
            HangarProperties settings,
            HangarHome home,
            WorkerFacts worker,
            UserLimits newUserLimits,
            ReplicasAtExit atExit) {
        return new ServerSettings(
                new Directories(
                        home.root().toString(),
                        home.databaseDirectory().toString(),
                        home.modelsDirectory().toString(),
                        home.endpointsDirectory().toString(),
                        home.logsDirectory().toString(),
                        paths(settings.registry().modelRoots()),
                        paths(settings.registry().userModelRoots())),
                worker,
                newUserLimits,
                new Requests(
                        settings.api().maxBodySize().toBytes(),
                        settings.api().maxGatewayBodySize().toBytes(),
                        settings.storage().reserve().toBytes(),
                        settings.registry().importConcurrency()),
                new Retention(
                        settings.telemetry().requestLogRetention().toString(),
                        settings.telemetry().metricsRetention().toString(),
                        settings.telemetry().requestLogMaxSize().toBytes()),
                new Replicas(
                        settings.replicas().host(),
                        settings.replicas().portFrom(),
                        settings.replicas().portTo(),
                        atExit.stop()),
                new Edge(
                        settings.edge().tls().isPresent(),
                        settings.edge().transport().name().toLowerCase(java.util.Locale.ROOT),
                        settings.edge().maxUnauthenticatedConnections()),
                settings.metrics().publicAccess(),
                settings.metrics().scrapeToken().isPresent());
    }

    private static List<String> paths(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
    }
}
