package dev.hangar.server.home;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code hangar.*} setting; application.yml maps the documented environment variables
 * (HANGAR_HOME, HANGAR_DATABASE_URL, ...) onto them. docs/configuration.md lists them all.
 */
@ConfigurationProperties("hangar")
public record HangarProperties(
        Path home,
        @DefaultValue Database database,
        @DefaultValue Admin admin,
        @DefaultValue Api api,
        @DefaultValue Registry registry,
        @DefaultValue Replicas replicas,
        @DefaultValue Reconcile reconcile,
        @DefaultValue Runtimes runtime,
        @DefaultValue Telemetry telemetry,
        @DefaultValue Storage storage,
        @DefaultValue Routers routers,
        @DefaultValue Limits limits,
        @DefaultValue Login login,
        @DefaultValue MetricsAccess metrics,
        @DefaultValue Edge edge,
        String secretKey) {

    /**
     * The public port: how many connections may be open at once that have not presented a good API
     * key yet, the PEM certificate chain and private key that make it serve HTTPS (both or neither),
     * and its sockets' transport ({@code auto}: io_uring where the kernel allows it, else NIO).
     */
    public record Edge(
            @DefaultValue("1024") int maxUnauthenticatedConnections,
            Path tlsCert,
            Path tlsKey,
            @DefaultValue("auto") Transport transport) {

        /** Which sockets the edge asks for: {@code auto} takes io_uring where it can, {@code nio} keeps to Java's NIO. */
        public enum Transport {
            AUTO,
            NIO
        }

        /** The certificate chain and key files, when HTTPS is configured. */
        public Optional<Tls> tls() {
            boolean cert = isSet(tlsCert);
            boolean key = isSet(tlsKey);
            if (cert != key) {
                throw new StartupProblem(
                        "Only one of HANGAR_TLS_CERT and HANGAR_TLS_KEY is set.",
                        "Set both (the PEM certificate chain and its private key) to serve HTTPS, or neither.");
            }
            return cert ? Optional.of(new Tls(tlsCert, tlsKey)) : Optional.empty();
        }

        private static boolean isSet(Path file) {
            return file != null && !file.toString().isBlank();
        }

        public record Tls(Path certificateChain, Path privateKey) {}
    }

    /**
     * Login throttling: after {@code freeFailuresPerUser} failed logins for one username (or
     * {@code freeFailuresPerAddress} from one client address) each further attempt waits
     * {@code firstDelay}, doubling per failure up to {@code maxDelay}; counts are forgotten
     * {@code maxDelay} after the last failure.
     */
    public record Login(
            @DefaultValue("5") int freeFailuresPerUser,
            @DefaultValue("20") int freeFailuresPerAddress,
            @DefaultValue("5s") Duration firstDelay,
            @DefaultValue("15m") Duration maxDelay) {}

    /**
     * Who may read the Prometheus {@code /metrics}: admins, a scraper presenting {@code token}
     * ({@code Authorization: Bearer <token>}), or everyone when {@code publicAccess}.
     */
    public record MetricsAccess(
            String token, @DefaultValue("false") boolean publicAccess) {
        public Optional<String> scrapeToken() {
            return Optional.ofNullable(token).filter(t -> !t.isBlank());
        }
    }

    /**
     * Router endpoints' upstreams: host names, addresses and CIDR ranges a router may reach even
     * though they are loopback, private, link-local or this server's own (refused otherwise).
     */
    public record Routers(List<String> allowedHosts) {
        public Routers {
            allowedHosts = allowedHosts == null
                    ? List.of()
                    : allowedHosts.stream()
                            .flatMap(entry -> Arrays.stream(entry.split(",")))
                            .map(String::strip)
                            .filter(entry -> !entry.isEmpty())
                            .toList();
        }
    }

    /**
     * What a new {@code user}-role account may use until an admin sets its limits otherwise
     * (HANGAR_USER_*); unset is no limit. Admins get none.
     */
    public record Limits(
            Integer requestsPerMinute,
            Long tokensPerMinute,
            Long monthlyTokens,
            @DefaultValue("50") Integer maxKeys,
            @DefaultValue("20") Integer maxEndpoints,
            @DefaultValue("20") Integer maxReplicas,
            @DefaultValue("100GB") DataSize storage) {}

    /**
     * How long the gateway's request log (one line per request) and its per-minute rollups
     * (metrics charts, usage) are kept, how large the request log may grow, and how often usage
     * is written to the database (what a crash can take with it beyond the request log).
     */
    public record Telemetry(
            @DefaultValue("90d") Duration requestLogRetention,
            @DefaultValue("400d") Duration metricsRetention,
            @DefaultValue("5GB") DataSize requestLogMaxSize,
            @DefaultValue("1s") Duration usageFlushInterval) {}

    /**
     * Disk space: {@code reserve} is kept free on the disk of HANGAR_HOME for the database and the
     * logs (an upload that would eat into it is refused). What one user may keep is their
     * {@code storageBytes} limit ({@link Limits#storage}).
     */
    public record Storage(@DefaultValue("2GB") DataSize reserve) {}

    /** An external database; empty means the embedded H2 file database under {@code home}. */
    public record Database(String url, String user, String password) {
        public Optional<String> externalUrl() {
            return Optional.ofNullable(url).filter(u -> !u.isBlank());
        }
    }

    /** Values for the first admin instead of generated ones. */
    public record Admin(String apiKey, String password) {
        public Optional<String> fixedApiKey() {
            return Optional.ofNullable(apiKey).filter(k -> !k.isBlank());
        }

        public Optional<String> fixedPassword() {
            return Optional.ofNullable(password).filter(p -> !p.isEmpty());
        }
    }

    /** Request body limits: management API and OpenAI-compatible gateway. */
    public record Api(
            @DefaultValue("1MB") DataSize maxBodySize,
            @DefaultValue("32MB") DataSize maxGatewayBodySize) {}

    /**
     * The model registry: directories admins may register models and datasets from in place
     * ({@code modelRoots}) and those users may too ({@code userModelRoots}; both empty by default:
     * uploads only), how many imports run at once, and how often ready models' files are re-checked.
     */
    public record Registry(
            List<Path> modelRoots,
            @DefaultValue("2") int importConcurrency,
            @DefaultValue("5m") Duration verifyInterval,
            List<Path> userModelRoots) {
        public Registry {
            modelRoots = directories(modelRoots);
            userModelRoots = directories(userModelRoots);
        }
    }

    /**
     * Where runtimes come from: the built-in worker's jar (unset: the one built in this checkout),
     * directories searched for external runtimes' executables before the PATH (HANGAR_RUNTIME_PATH,
     * e.g. a Python virtual environment's {@code bin/}), and where the worker's class archives are
     * kept (application.yml resolves the user's cache directory: {@code $XDG_CACHE_HOME}, else
     * {@code ~/.cache}).
     */
    public record Runtimes(Path workerJar, List<Path> searchPath, Path classArchives) {
        public Runtimes {
            searchPath = directories(searchPath);
        }

        public Optional<Path> fixedWorkerJar() {
            return Optional.ofNullable(workerJar).filter(p -> !p.toString().isBlank());
        }
    }

    /**
     * Replicas run on this machine: the address and ports they listen on ({@code portFrom} to
     * {@code portTo}, both included), how their log files rotate (past {@code logMaxSize}, keeping
     * {@code logFiles} older files besides the live one), and whether they stop when the server
     * does (by default they keep serving and the next start adopts them). {@code envAllow} names
     * reserved environment variables users may set all the same, {@code envInherit} the server's own
     * variables replicas get besides the short default list (exact names, or prefixes ending in
     * {@code *}).
     */
    public record Replicas(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("8100") int portFrom,
            @DefaultValue("8199") int portTo,
            @DefaultValue("10MB") DataSize logMaxSize,
            @DefaultValue("3") int logFiles,
            String stopOnExit,
            List<String> envAllow,
            List<String> envInherit) {
        public Replicas {
            envAllow = names(envAllow);
            envInherit = names(envInherit);
        }

        /**
         * Whether replicas stop with the server ({@code true}) or keep serving for the next start
         * ({@code false}); empty when unset, and then a server started in a terminal stops them.
         */
        public Optional<Boolean> stopOnExitSetting() {
            String value = stopOnExit == null ? "" : stopOnExit.strip().toLowerCase(java.util.Locale.ROOT);
            return switch (value) {
                case "", "auto" -> Optional.empty();
                case "true" -> Optional.of(true);
                case "false" -> Optional.of(false);
                default ->
                    throw new StartupProblem(
                            "HANGAR_STOP_REPLICAS_ON_EXIT is '" + stopOnExit + "'.",
                            "Set it to true (stop the replicas with the server), false (keep them serving) or"
                                    + " leave it unset (a server started in a terminal stops them).");
            };
        }
    }

    /**
     * The reconciler looks at an endpoint when it changes, when one of its replica processes
     * exits and when a pass asked to be repeated; besides, it looks at every endpoint once per
     * {@code safetyPoll}.
     */
    public record Reconcile(@DefaultValue("10s") Duration safetyPoll) {}

    public Optional<String> fixedSecretKey() {
        return Optional.ofNullable(secretKey).filter(k -> !k.isBlank());
    }

    /** A list of variable names as configured: comma-separated in an environment variable; blank entries are dropped. */
    private static List<String> names(List<String> entries) {
        if (entries == null) {
            return List.of();
        }
        return entries.stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList();
    }

    /**
     * A list of directories as configured: each entry may itself be {@code :}-separated, as an
     * environment variable is; blank entries are dropped.
     */
    private static List<Path> directories(List<Path> entries) {
        if (entries == null) {
            return List.of();
        }
        return entries.stream()
                .flatMap(entry -> Arrays.stream(entry.toString().split(File.pathSeparator)))
                .filter(part -> !part.isBlank())
                .map(Path::of)
                .toList();
    }
}
