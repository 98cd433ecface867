package dev.hangar.worker;

import dev.hangar.formats.InvalidModelFile;
import dev.hangar.worker.llama.LlamaException;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.NativeLibraryCache;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import sun.misc.Signal;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code hangar worker}: checks the model file, listens at once, loads the model on a background thread, and on
 * SIGTERM drains in-flight requests before exiting 0. Exit codes: 0 drained, 1 model unusable, 2 bad command line.
 */
public final class WorkerMain {
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
        http.prefixRoute("GET", "/v1/models/", call -> status.model(call, lastSegment(call)), false);
        AdapterRoutes adapters = new AdapterRoutes(completions);
        http.route("GET", "/adapters", adapters::list, false, false);
        http.route("POST", "/adapters", adapters::load, false, true);
        http.prefixRoute("DELETE", "/adapters/", call -> adapters.unload(call, lastSegment(call)), true);
        http.route("POST", "/v1/chat/completions", new ChatCompletionsRoute(completions, shapes), false, true);
        http.route("POST", "/v1/completions", new CompletionsRoute(completions, shapes), false, true);
        http.route(
                "POST",
                "/v1/embeddings",
                new EmbeddingsRoute(completions, options.modelName(), options.embeddings()),
                false,
                true);
        http.route(
                "POST",
                "/v1/rerank",
                new RerankRoute(completions, options.modelName(), options.embeddings()),
                false,
                true);
        http.route("POST", "/predict", new PredictRoute(completions), false, true);
        TokenizeRoutes tokenizer = new TokenizeRoutes(completions);
        http.route("POST", "/tokenize", tokenizer::tokenize, false, true);
        http.route("POST", "/detokenize", tokenizer::detokenize, false, true);
        http.start();
        out.println("hangar worker " + version() + " listening on http://" + options.host() + ":" + http.port()
                + " (loading " + options.model() + ")");
        Thread.ofPlatform().name("model-loader").start(this::load);
        Runnable drain = () -> drainAndExit(http);
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

    private void load() {
        long start = System.nanoTime();
        try {
            LlamaEngine engine = LlamaEngine.load(llamaLibrary(), options, header);
            if (state.markReady(engine)) {
                out.println("hangar worker ready: " + options.modelName() + " loaded in "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            }
        } catch (EngineException | LlamaException e) {
            fail(1, e.getMessage());
        }
    }

    /**
     * llama.cpp's libraries: the user's {@value LlamaLibrary#LOCATION_VARIABLE}, else the jar's bundle extracted into
     * the user's cache; their release and system info go to the log.
     */
    private LlamaLibrary llamaLibrary() {
        LlamaLibraryOpener.Location location = new LlamaLibraryOpener(
                        new NativeLibraryCache(options.cacheDirectory().resolve("native")))
                .locate(options.llamaLibrary());
        LlamaLibrary library = LlamaLibrary.load(location.library());
        out.println("hangar worker: llama.cpp " + library.version() + " from " + location.library() + " ("
                + location.origin() + ")");
        out.println("hangar worker: llama.cpp system info: " + library.systemInfo());
        return library;
    }

    /** Health turns 503 at once; requests in flight get up to --drain-seconds; then the process exits 0. */
    private void drainAndExit(WorkerHttpServer http) {
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
        // The model is not closed: its memory goes with the process, and closing races generations cut off above.
        System.exit(0);
    }

    private static String lastSegment(ApiCall call) {
        return call.path().substring(call.path().lastIndexOf('/') + 1);
    }

    private static void fail(int code, String message) {
        System.err.println("hangar worker: " + message);
        System.exit(code);
    }
}
