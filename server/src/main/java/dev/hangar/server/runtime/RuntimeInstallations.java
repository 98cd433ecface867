package dev.hangar.server.runtime;

import dev.hangar.server.HangarVersion;
import dev.hangar.server.core.BoundedProcess;
import dev.hangar.server.core.ExecutableSearch;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.MessageCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Finds out which runtimes this machine has: the built-in worker's jar, or an external runtime's
 * executable answering its version probe within a few seconds. Executables are looked for in
 * {@code hangar.runtime.search-path} (HANGAR_RUNTIME_PATH) first, then on the PATH; the one found is
 * the one probed and the one a launch should start ({@link #executable}). Answers are cached for a
 * minute, so listing runtimes never waits on a slow probe twice.
 */
@Component
public class RuntimeInstallations {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CACHE = Duration.ofMinutes(1);

    private record Cached(Installation installation, Instant at) {}

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Optional<Path> workerJar;
    private final Optional<Path> llamaLibrary;
    private final List<Path> searchPath;
    private final Clock clock;
    private final WorkerClassArchive classArchive;

    @Autowired
    RuntimeInstallations(HangarProperties properties, Clock clock) {
        this(
                properties.runtime(),
                clock,
                WorkerClassArchive.in(properties.runtime().classArchives()));
    }

    RuntimeInstallations(HangarProperties.Runtimes settings, Clock clock, WorkerClassArchive classArchive) {
        this.workerJar = settings.fixedWorkerJar().or(RuntimeInstallations::locateWorkerJar);
        this.llamaLibrary = settings.fixedLlamaLibrary();
        this.searchPath = settings.searchPath();
        this.clock = clock;
        this.classArchive = classArchive;
    }

    /**
     * The built-in worker as a launch needs it: this JVM's {@code java}, the worker jar, the class archive for the
     * two once it is recorded (the first call starts recording it), and the admin's own libllama where one is set.
     */
    public Optional<LaunchRequest.BuiltInWorker> builtInWorker() {
        Path java = ProcessHandle.current().info().command().map(Path::of).orElse(Path.of("java"));
        return workerJar
                .filter(Files::isRegularFile)
                .map(jar ->
                        new LaunchRequest.BuiltInWorker(java, jar, classArchive.forWorker(java, jar), llamaLibrary));
    }

    /**
     * The built-in worker as the settings page shows it: its jar, the llama.cpp release(s) the jar carries,
     * and the admin's own libllama (HANGAR_LLAMA_LIBRARY), which replaces them where set.
     */
    public WorkerFacts workerFacts() {
        Optional<Path> jar = workerJar.filter(Files::isRegularFile);
        return new WorkerFacts(
                jar.map(Path::toString).orElse(null),
                jar.map(WorkerJarBundles::llamaReleases).orElse(List.of()),
                llamaLibrary.map(Path::toString).orElse(null));
    }

    /** What {@link #workerFacts} answers; {@code jar} and {@code llamaLibrary} are null where there is none. */
    public record WorkerFacts(String jar, List<String> llamaCppReleases, String llamaLibrary) {}

    public Installation of(RuntimeSpec runtime) {
        Cached cached = cache.get(runtime.name());
        if (cached != null && cached.at().plus(CACHE).isAfter(clock.instant())) {
            return cached.installation();
        }
        Installation found = runtime.router()
                ? Installation.found(null, null)
                : runtime.builtIn() ? builtIn() : probe(runtime.probe());
        cache.put(runtime.name(), new Cached(found, clock.instant()));
        return found;
    }

    private Installation builtIn() {
        return builtInWorker()
                .map(w -> Installation.found(w.jar().toString(), HangarVersion.current()))
                .orElseGet(() -> Installation.missing(MessageCode.INSTALL_NO_WORKER_JAR.with()));
    }

    /**
     * Where a command a runtime is started or probed with ({@code vllm}, {@code python3}) is: an
     * absolute path as given, else the first executable of that name in the search path, then on the
     * PATH.
     */
    public Optional<Path> executable(String command) {
        Path named = Path.of(command);
        Optional<Path> found = named.isAbsolute()
                ? Optional.of(named).filter(Files::isExecutable)
                : ExecutableSearch.find(searchPath, command);
        return found.map(Path::toAbsolutePath);
    }

    Installation probe(List<String> command) {
        Optional<Path> executable = executable(command.getFirst());
        if (executable.isEmpty()) {
            return Installation.missing(
                    searchPath.isEmpty()
                            ? MessageCode.INSTALL_NOT_ON_PATH.with("command", command.getFirst())
                            : MessageCode.INSTALL_NOT_ON_SEARCH_PATH.with(
                                    "command", command.getFirst(), "searchPath", searchPath));
        }
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, executable.get().toString());
        try {
            BoundedProcess.Outcome outcome = BoundedProcess.run(resolved, PROBE_TIMEOUT, 4096);
            String firstLine = outcome.output().lines().findFirst().orElse("");
            if (outcome.exitCode().isEmpty()) {
                return Installation.missing(MessageCode.INSTALL_PROBE_TIMEOUT.with(
                        "command", String.join(" ", command), "timeout", PROBE_TIMEOUT));
            }
            return outcome.succeeded()
                    ? Installation.found(executable.get().toString(), firstLine)
                    : Installation.missing(MessageCode.INSTALL_PROBE_FAILED.with(
                            "command", String.join(" ", command), "output", firstLine));
        } catch (IOException e) {
            return Installation.missing(
                    MessageCode.INSTALL_CANNOT_RUN.with("command", command.getFirst(), "reason", e.getMessage()));
        }
    }

    /** In a checkout, the server runs from {@code server/target/…}; the worker jar is {@code worker/target/hangar-worker.jar}. */
    private static Optional<Path> locateWorkerJar() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(RuntimeInstallations.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (RuntimeException | java.net.URISyntaxException e) {
            // Inside a packaged jar the code source is a nested-jar URL, not a path; the class path below names the
            // jar.
        }
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                starts.add(Path.of(entry).toAbsolutePath());
            }
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("worker").resolve("target").resolve("hangar-worker.jar");
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
