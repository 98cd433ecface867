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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two worker jars on the same model, threads and requests, in one run, over HTTP only (what a client sees): the
 * worker on llama.cpp's C API against the one on java-llama.cpp (bench/worker.sh builds that one from git). Each
 * figure alternates the two jars run by run and reports medians and the ratio new ÷ old:
 *
 * <ul>
 *   <li>cold start: process start to the first 200 from /health (polled every 5 ms);
 *   <li>single-stream decode: tokens/s after the first token of a streamed completion of 128 tokens (ignore_eos);
 *   <li>prompt processing: prompt tokens ÷ time to the first token of a ~1,000-token prompt (max_tokens 1);
 *   <li>streams: 1, 4 and 8 concurrent streams of 128 tokens on a worker with --parallel 8: generated tokens (from
 *       each stream's usage) over the wall time from sending to the last stream's end; ratios 4 ÷ 1 and 8 ÷ 1.
 * </ul>
 *
 * Usage: java -cp formats/target/classes bench/worker/UpgradeBench.java OLD.jar NEW.jar [runs]
 */
public class UpgradeBench {
    static final int THREADS = 2;
    static final int TOKENS = 128;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\":(\\d+)");

    public static void main(String[] args) throws Exception {
        Path old = Path.of(args[0]);
        Path neu = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path model = Path.of(System.getProperty("java.io.tmpdir"), "hangar-bench-tiny-85M-F16.gguf");
        if (!Files.exists(model)) {
            TinyModel.ofSize("85M", 42).writeGguf(model, GgmlType.F16);
        }
        System.out.printf("model %s, --threads %d, %d runs each, alternating; medians (new ÷ old)%n", model, THREADS, runs);

        List<Double> startOld = new ArrayList<>(), startNew = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            startOld.add(coldStart(old, model));
            startNew.add(coldStart(neu, model));
        }
        report("cold start to ready, ms", startOld, startNew);

        // 41 × 24 tokens of the tiny model's vocabulary: about 1,000 prompt tokens.
        String longPrompt = "the quick brown fox jumps over the lazy dog ".repeat(41);
        List<Double> decodeOld = new ArrayList<>(), decodeNew = new ArrayList<>();
        List<Double> promptOld = new ArrayList<>(), promptNew = new ArrayList<>();
        try (Worker o = Worker.start(old, model, 1, 2048); Worker n = Worker.start(neu, model, 1, 2048)) {
            o.awaitHealthy();
            n.awaitHealthy();
            o.stream("hello", TOKENS); // warm-up
            n.stream("hello", TOKENS);
            for (int i = 0; i < runs; i++) {
                decodeOld.add(o.stream("tell me a story", TOKENS).decodeRate());
                decodeNew.add(n.stream("tell me a story", TOKENS).decodeRate());
                promptOld.add(o.stream(longPrompt + i, 1).promptRate());
                promptNew.add(n.stream(longPrompt + i, 1).promptRate());
            }
        }
        report("single-stream decode, tokens/s", decodeOld, decodeNew);
        report("prompt processing, tokens/s", promptOld, promptNew);

        for (Path jar : List.of(old, neu)) {
            List<Double> one = new ArrayList<>(), four = new ArrayList<>(), eight = new ArrayList<>();
            try (Worker w = Worker.start(jar, model, 8, 8 * 512)) {
                w.awaitHealthy();
                w.aggregate(8); // warm-up of every slot
                for (int i = 0; i < runs; i++) {
                    one.add(w.aggregate(1));
                    four.add(w.aggregate(4));
                    eight.add(w.aggregate(8));
                }
            }
            System.out.printf("%s, --parallel 8: 1 / 4 / 8 streams %.1f / %.1f / %.1f tokens/s; 4 ÷ 1 = %.2f, 8 ÷ 1 = %.2f%n",
                    jar == old ? "old" : "new", median(one), median(four), median(eight),
                    median(four) / median(one), median(eight) / median(one));
        }
    }

    static void report(String what, List<Double> old, List<Double> neu) {
        System.out.printf("%-34s old %8.1f  new %8.1f  new ÷ old %.2f   (old %s, new %s)%n",
                what, median(old), median(neu), median(neu) / median(old), rounded(old), rounded(neu));
    }

    static double coldStart(Path jar, Path model) throws Exception {
        long start = System.nanoTime();
        try (Worker worker = Worker.start(jar, model, 1, 2048)) {
            worker.awaitHealthy();
            return (System.nanoTime() - start) / 1e6;
        }
    }

    /** One streamed completion: when it was sent, its first and last content chunks, and its usage. */
    record Stream(long sent, long first, long last, int promptTokens, int completionTokens) {
        double decodeRate() {
            return (completionTokens - 1) / ((last - first) / 1e9);
        }

        double promptRate() {
            return promptTokens / ((first - sent) / 1e9);
        }
    }

    record Worker(Process process, int port) implements AutoCloseable {
        static Worker start(Path jar, Path model, int parallel, int context) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-jar", jar.toString(),
                            "--model", model.toString(),
                            "--port", String.valueOf(port),
                            "--threads", String.valueOf(THREADS),
                            "--parallel", String.valueOf(parallel),
                            "--ctx-size", String.valueOf(context))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
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
                    if (HTTP.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // polled again
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("worker not healthy within 60 s");
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        Stream stream(String prompt, int tokens) throws Exception {
            String body = "{\"prompt\":\"" + prompt + "\",\"max_tokens\":" + tokens + ",\"ignore_eos\":true,"
                    + "\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
            long sent = System.nanoTime();
            HttpResponse<java.io.InputStream> response = HTTP.send(
                    HttpRequest.newBuilder(uri("/v1/completions")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode() + ": "
                        + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            long first = 0, last = 0;
            int promptTokens = -1, completionTokens = -1;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    Matcher usage = COMPLETION_TOKENS.matcher(line);
                    if (usage.find()) {
                        completionTokens = Integer.parseInt(usage.group(1));
                        Matcher prompted = PROMPT_TOKENS.matcher(line);
                        promptTokens = prompted.find() ? Integer.parseInt(prompted.group(1)) : -1;
                    } else if (line.contains("\"text\":\"")) {
                        last = System.nanoTime();
                        first = first == 0 ? last : first;
                    }
                }
            }
            if (completionTokens < 0) {
                throw new IllegalStateException("no usage in the answer");
            }
            return new Stream(sent, first, last, promptTokens, completionTokens);
        }

        /** Generated tokens over wall time of {@code streams} concurrent streams. */
        double aggregate(int streams) throws Exception {
            try (ExecutorService pool = Executors.newFixedThreadPool(streams)) {
                List<Callable<Stream>> calls = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    String prompt = "story number " + i;
                    calls.add(() -> stream(prompt, TOKENS));
                }
                long start = System.nanoTime();
                int tokens = 0;
                for (Future<Stream> done : pool.invokeAll(calls)) {
                    tokens += done.get().completionTokens();
                }
                return tokens / ((System.nanoTime() - start) / 1e9);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }
}
