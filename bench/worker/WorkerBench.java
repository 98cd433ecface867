import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 5's worker benchmarks on a generated 85M-parameter F16 model: cold start (process start to /health 200 and to
 * the first streamed token) and single-stream decode tokens/s served through streaming /v1/chat/completions against
 * the same generation called in-process through java-llama.cpp, alternating in one run with the same threads.
 *
 * <p>Run from the repository root after {@code ./mvnw -pl formats,worker -am -DskipTests package}:
 * {@code java -cp worker/target/hangar-worker.jar:formats/target/classes bench/worker/WorkerBench.java [runs]
 * [all|cold-start|decode|batching]}.
 */
public class WorkerBench {
    static final Path JAR = Path.of("worker/target/hangar-worker.jar");
    static final int THREADS = 2;
    static final int CONTEXT = 2048;
    static final int DECODE_TOKENS = 64;
    static final String MESSAGES = "[{\"role\":\"user\",\"content\":\"tell me a story\"}]";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path model = Path.of(System.getProperty("java.io.tmpdir"), "hangar-bench-tiny-85M-F16.gguf");
        if (!Files.exists(model)) {
            TinyModel.ofSize("85M", 42).writeGguf(model, GgmlType.F16);
        }
        String only = args.length > 1 ? args[1] : "all";
        if (only.equals("all") || only.equals("cold-start")) {
            coldStart(model, runs);
        }
        if (only.equals("all") || only.equals("decode")) {
            servedVersusInProcess(model, runs);
        }
        if (only.equals("all") || only.equals("batching")) {
            batching(model, runs);
        }
        // LlamaModel.close() of java-llama.cpp 4.2.0 can hang joining llama-server's loop thread; the figures are out.
        System.exit(0);
    }

    /**
     * Milliseconds from starting the JVM to /health 200, and to the first content chunk of a 1-token chat, for three
     * ways of starting, in turn: with java-llama.cpp extracting its native library on every start (as workers did
     * before they kept a copy in the user's cache), plain ({@code java -jar}, the cached library), and as a deployment
     * starts a replica once its class archive is recorded ({@code -XX:SharedArchiveFile}). The archive is recorded first the way the server records it: a worker that
     * served a chat, stopped with SIGTERM, its JVM writing the classes it loaded at exit.
     */
    static void coldStart(Path model, int runs) throws Exception {
        Path archive = Files.createTempDirectory("hangar-bench-classes").resolve("worker.jsa");
        try (Worker training = Worker.start(model, 1, CONTEXT, List.of("-XX:ArchiveClassesAtExit=" + archive))) {
            training.awaitHealthy();
            streamChat(training.port, 1);
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training worker wrote no class archive");
        }
        List<String> withArchive = List.of("-XX:SharedArchiveFile=" + archive);
        Map<String, List<Long>> ready = new LinkedHashMap<>();
        Map<String, List<Long>> firstToken = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            // The first kind is how workers started before the library was cached: its loader copies and compares
            // it on every start when given a directory of its own.
            Path scratch = Files.createTempDirectory("hangar-bench-native");
            Map<String, List<String>> kinds = new LinkedHashMap<>();
            kinds.put("library extracted at start", List.of("-Dde.kherud.llama.tmpdir=" + scratch));
            kinds.put("plain", List.of());
            kinds.put("with class archive", withArchive);
            for (var start : kinds.entrySet()) {
                long started = System.nanoTime();
                try (Worker worker = Worker.start(model, 1, CONTEXT, start.getValue())) {
                    worker.awaitHealthy();
                    ready.computeIfAbsent(start.getKey(), k -> new ArrayList<>()).add(msSince(started));
                    streamChat(worker.port, 1);
                    firstToken.computeIfAbsent(start.getKey(), k -> new ArrayList<>()).add(msSince(started));
                }
            }
        }
        for (String kind : ready.keySet()) {
            System.out.printf("cold start, 85M F16, %s: ready %s ms (median %d), first token %s ms (median %d)%n",
                    kind, ready.get(kind), median(ready.get(kind)), firstToken.get(kind),
                    median(firstToken.get(kind)));
        }
    }

    static void servedVersusInProcess(Path model, int runs) throws Exception {
        LlamaModel inProcess = new LlamaModel(new ModelParameters()
                .setModel(model.toString())
                .setCtxSize(CONTEXT)
                .setParallel(1)
                .setThreads(THREADS)
                .setThreadsBatch(THREADS)
                .enableContBatching()
                .setLogVerbosity(-1));
        try (Worker worker = Worker.start(model)) {
            worker.awaitHealthy();
            String prompt = inProcess.applyTemplate("{\"messages\":" + MESSAGES + "}");
            streamChat(worker.port, DECODE_TOKENS); // warm-up of both, outside the figures
            inProcessDecode(inProcess, prompt);
            List<Double> served = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                served.add(streamChat(worker.port, DECODE_TOKENS));
                direct.add(inProcessDecode(inProcess, prompt));
            }
            overhead(worker.port, inProcess, runs * 20);
            double ratio = medianOf(served) / medianOf(direct);
            System.out.printf(
                    "decode tokens/s, 1 stream, %d threads, %d tokens: served %s (median %.1f), in-process %s"
                            + " (median %.1f), ratio %.3f%n",
                    THREADS, DECODE_TOKENS, rounded(served), medianOf(served), rounded(direct), medianOf(direct),
                    ratio);
        }
    }

    /**
     * Aggregate generated tokens/s of 4 concurrent streams over one stream, both through a worker with 4 slots
     * (--parallel 4, 512 tokens of context each), alternating: tokens generated over the wall time from sending the
     * request(s) to the last token.
     */
    static void batching(Path model, int runs) throws Exception {
        int streams = 4;
        try (Worker worker = Worker.start(model, streams, 512 * streams)) {
            worker.awaitHealthy();
            aggregate(worker.port, streams); // warm-up of all slots, outside the figures
            List<Double> one = new ArrayList<>();
            List<Double> four = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                one.add(aggregate(worker.port, 1));
                four.add(aggregate(worker.port, streams));
            }
            System.out.printf(
                    "generated tokens/s through the worker, %d threads, --parallel %d, %d tokens per stream: 1 stream %s"
                            + " (median %.1f), %d streams %s (median %.1f), ratio %.2f%n",
                    THREADS, streams, DECODE_TOKENS, rounded(one), medianOf(one), streams, rounded(four),
                    medianOf(four), medianOf(four) / medianOf(one));
        }
    }

    /** Tokens/s of {@code streams} concurrent streamed chats of DECODE_TOKENS each, from sending to the last token. */
    static double aggregate(int port, int streams) throws Exception {
        long start = System.nanoTime();
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Double>> done = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                done.add(clients.submit(() -> streamChat(port, DECODE_TOKENS)));
            }
            for (var future : done) {
                future.get();
            }
        }
        return streams * DECODE_TOKENS / ((System.nanoTime() - start) / 1e9);
    }

    /** Latency of a 1-token completion through HTTP and in-process, alternating; the difference is the HTTP layer. */
    static void overhead(int port, LlamaModel model, int requests) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hello\",\"max_tokens\":1}"))
                .build();
        List<Double> served = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            served.add((System.nanoTime() - start) / 1e6);
            start = System.nanoTime();
            // The streaming task path, as the worker uses it for every request.
            model.generate(new InferenceParameters("hello").setNPredict(1).setCachePrompt(true))
                    .forEach(output -> {});
            direct.add((System.nanoTime() - start) / 1e6);
        }
        System.out.printf(
                "1-token completion, %d requests: served p50 %.2f ms p99 %.2f ms, in-process p50 %.2f ms p99 %.2f ms,"
                        + " added p50 %.2f ms p99 %.2f ms%n",
                requests, percentile(served, 50), percentile(served, 99), percentile(direct, 50),
                percentile(direct, 99), percentile(served, 50) - percentile(direct, 50),
                percentile(served, 99) - percentile(direct, 99));
    }

    static double percentile(List<Double> values, int percent) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    /**
     * Streams a chat of {@code tokens} tokens (ignore_eos, so exactly that many) and returns the decode rate after the
     * first token: the tokens after it over the time from it to the last.
     */
    static double streamChat(int port, int tokens) throws Exception {
        String body = "{\"messages\":" + MESSAGES + ",\"max_tokens\":" + tokens
                + ",\"ignore_eos\":true,\"temperature\":0,\"stream\":true}";
        HttpResponse<java.io.InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        long last = 0;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.contains("\"content\":\"")) {
                    last = System.nanoTime();
                    if (first == 0) {
                        first = last;
                        if (tokens == 1) {
                            return 0;
                        }
                    }
                }
            }
        }
        return (tokens - 1) / ((last - first) / 1e9);
    }

    /** The same measure in-process: the library's own streaming iterator, no HTTP. */
    static double inProcessDecode(LlamaModel model, String prompt) {
        long first = 0;
        long last = 0;
        for (LlamaOutput output : model.generate(new InferenceParameters(prompt)
                .setNPredict(DECODE_TOKENS)
                .setIgnoreEos(true)
                .setTemperature(0)
                .setCachePrompt(true))) {
            if (!output.text.isEmpty()) {
                last = System.nanoTime();
                if (first == 0) {
                    first = last;
                }
            }
        }
        return (DECODE_TOKENS - 1) / ((last - first) / 1e9);
    }

    record Worker(Process process, int port) implements AutoCloseable {
        static Worker start(Path model) throws IOException {
            return start(model, 1, CONTEXT);
        }

        static Worker start(Path model, int parallel, int context) throws IOException {
            return start(model, parallel, context, List.of());
        }

        static Worker start(Path model, int parallel, int context, List<String> jvmOptions) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-jar", JAR.toString(),
                    "--model", model.toString(),
                    "--port", String.valueOf(port),
                    "--threads", String.valueOf(THREADS),
                    "--parallel", String.valueOf(parallel),
                    "--ctx-size", String.valueOf(context)));
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new Worker(process, port);
        }

        void awaitHealthy() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("worker exited with " + process.exitValue());
                }
                try {
                    HttpResponse<Void> health = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (health.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // polled again below
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("worker not healthy within 60 s");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static long msSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    static double medianOf(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }
}
