package dev.hangar.worker;

import de.kherud.llama.NativeLibraryResource;
import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import sun.misc.Signal;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code hangar worker}: checks the model file, listens at once, loads the model on a background thread, and on
 * SIGTERM drains in-flight requests before exiting 0. Exit codes: 0 drained, 1 model unusable, 2 bad command line.
 */
public final class WorkerMain {
    /** Where java-llama.cpp's loader extracts its library and first deletes other "llama*" files. */
    private static final String LOADER_SCRATCH_PROPERTY = "de.kherud.llama.tmpdir";

    private final WorkerOptions options;
    private final ModelHeader header;
    private final PrintStream out;
    private final PrintStream err;
    private final WorkerState state = new WorkerState();

    private WorkerMain(WorkerOptions options, ModelHeader header, PrintStream out, PrintStream err) {
        this.options = options;
        this.header = header;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(WorkerCommandLine.USAGE);
            return;
        }
        try {
            WorkerOptions options = WorkerCommandLine.parse(arguments);
            ModelHeader header = ModelHeader.read(options.model());
            new WorkerMain(options, header, System.out, System.err).run();
        } catch (UsageException e) {
            fail(2, e.getMessage() + " (see --help)");
        } catch (InvalidModelFile e) {
            fail(1, "the model file is not a usable GGUF: " + e.getMessage());
        } catch (IOException e) {
            fail(1, "cannot start: " + e.getMessage());
        }
    }

    /** The version in the jar's manifest; "dev" when run from classes. */
    static String version() {
        String version = WorkerMain.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private void run() throws IOException {
        useNativeLibrary();
        JsonMapper json = JsonMapper.builder().build();
        WorkerMetrics metrics = new WorkerMetrics();
        CompletionIds ids = new CompletionIds(Clock.systemUTC());
        SlotScheduler slots = new SlotScheduler(options.parallel(), options.queueSize(), options.queueTimeout());
        WorkerHttpServer http = WorkerHttpServer.bind(options, json, metrics, new RequestLog(out), ids, err);
        CompletionService completions = new CompletionService(state, slots, metrics);
        OpenAiShapes shapes = new OpenAiShapes(json, ids, options.modelName());
        StatusRoutes status = new StatusRoutes(state, options, header, slots, metrics, ids.nowSeconds());
        http.route("GET", "/health", status::health, true, false);
        http.route("GET", "/info", status::info, false, false);
        http.route("GET", "/metrics", status::metrics, false, false);
        http.route("GET", "/v1/models", status::models, false, false);
        http.modelById(call -> status.model(call, lastSegment(call)));
        http.route("POST", "/v1/chat/completions", new ChatCompletionsRoute(completions, shapes), false, true);
        http.route("POST", "/v1/completions", new CompletionsRoute(completions, shapes), false, true);
        http.route(
                "POST",
                "/v1/embeddings",
                new EmbeddingsRoute(completions, options.modelName(), options.embeddings()),
                false,
                true);
        http.route("POST", "/predict", new PredictRoute(completions), false, true);
        http.start();
        out.println("hangar worker " + version() + " listening on http://" + options.host() + ":" + http.port()
                + " (loading " + options.model() + ")");
        Thread.ofPlatform().name("model-loader").start(() -> load(json));
        Runnable drain = () -> drainAndExit(http, slots);
        Signal.handle(
                new Signal("TERM"), signal -> Thread.ofPlatform().name("drain").start(drain));
        Signal.handle(
                new Signal("INT"), signal -> Thread.ofPlatform().name("drain").start(drain));
        options.parentPid().ifPresent(pid -> exitWithParent(pid, drain));
    }

    /** Drains and exits once process {@code pid} has ended, however it ended ({@code kill -9} included). */
    private void exitWithParent(long pid, Runnable drain) {
        Runnable parentGone = () -> {
            err.println("hangar worker: process " + pid + " that started it has ended; exiting");
            Thread.ofPlatform().name("drain").start(drain);
        };
        ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .ifPresentOrElse(parent -> parent.onExit().thenRun(parentGone), parentGone);
    }

    private void load(JsonMapper json) {
        long start = System.nanoTime();
        try {
            LlamaEngine engine = LlamaEngine.load(options, header, json);
            if (state.markReady(engine)) {
                out.println("hangar worker ready: " + options.modelName() + " loaded in "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            }
        } catch (EngineException | UnsatisfiedLinkError e) {
            fail(1, e.getMessage());
        }
    }

    /** Health turns 503 at once; requests in flight get up to --drain-seconds; then the process exits 0. */
    private void drainAndExit(WorkerHttpServer http, SlotScheduler slots) {
        if (!state.startDraining()) {
            return;
        }
        out.println("hangar worker draining: " + http.active().count() + " requests in flight, up to "
                + options.drain().toSeconds() + " s");
        boolean drained;
        try {
            drained = http.active().awaitIdle(options.drain());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        out.println(
                drained
                        ? "hangar worker drained; exiting"
                        : "hangar worker: drain time is up with "
                                + http.active().count() + " requests unfinished; exiting");
        http.close();
        slots.close();
        // The model is not closed: its memory goes with the process, and closing races generations cut off above.
        System.exit(0);
    }

    /**
     * Points java-llama.cpp's loader at this user's cached copy of its native library ({@link NativeLibraryCache});
     * where the cache cannot be written, the loader extracts a copy into a directory of this process's own (its
     * default, a shared temp directory where it deletes other "llama*" files, would race with parallel workers).
     */
    private void useNativeLibrary() throws IOException {
        if (System.getProperty(NativeLibraryResource.DIRECTORY_PROPERTY) != null
                || System.getProperty(LOADER_SCRATCH_PROPERTY) != null) {
            return;
        }
        NativeLibraryCache cache =
                new NativeLibraryCache(options.cacheDirectory().resolve("native"));
        try {
            Optional<Path> dir = cache.directory();
            if (dir.isPresent()) {
                System.setProperty(LOADER_SCRATCH_PROPERTY, cache.root().toString());
                System.setProperty(
                        NativeLibraryResource.DIRECTORY_PROPERTY, dir.get().toString());
                return;
            }
        } catch (IOException e) {
            err.println("hangar worker: cannot keep the native library in " + cache.root() + " (" + e
                    + "); extracting it for this process only");
        }
        Path dir = Files.createTempDirectory("hangar-worker-native-");
        // deleteOnExit runs in reverse order: the library (registered by the loader later) goes first, then this.
        dir.toFile().deleteOnExit();
        System.setProperty(LOADER_SCRATCH_PROPERTY, dir.toString());
    }

    private static String lastSegment(ApiCall call) {
        return call.path().substring(call.path().lastIndexOf('/') + 1);
    }

    private static void fail(int code, String message) {
        System.err.println("hangar worker: " + message);
        System.exit(code);
    }
}
