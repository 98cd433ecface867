import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
 * A worker jar started as a process of its own for the worker benchmarks (bench/worker/*Bench.java, which the Java
 * launcher compiles together with this file), the requests they send it, and their shared arithmetic.
 */
record BenchWorker(Process process, int port) implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\":(\\d+)");
    static final Pattern CACHED_TOKENS = Pattern.compile("\"cached_tokens\":(\\d+)");
    /** 41 × 24 tokens of the tiny model's vocabulary: about 1,000 prompt tokens. */
    static final String LONG_TEXT = "the quick brown fox jumps over the lazy dog ".repeat(41);

    /** The 85M-parameter F16 model of the benchmarks, written once to the temporary directory. */
    static Path model() throws IOException {
        Path model = Path.of(System.getProperty("java.io.tmpdir"), "hangar-bench-tiny-85M-F16.gguf");
        if (!Files.exists(model)) {
            TinyModel.ofSize("85M", 42).writeGguf(model, GgmlType.F16);
        }
        return model;
    }

    /** Starts the jar's worker on {@code model}; {@code more} are further worker arguments (adapters, a served name). */
    static BenchWorker start(Path jar, Path model, int threads, int parallel, int context, String... more)
            throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(),
                "--model", model.toString(),
                "--port", String.valueOf(port),
                "--threads", String.valueOf(threads),
                "--parallel", String.valueOf(parallel),
                "--ctx-size", String.valueOf(context)));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new BenchWorker(process, port);
    }

    /** Milliseconds from starting the jar's process to its first 200 from /health. */
    static double coldStart(Path jar, Path model, int threads) throws Exception {
        long start = System.nanoTime();
        try (BenchWorker worker = start(jar, model, threads, 1, 2048)) {
            worker.awaitHealthy();
            return (System.nanoTime() - start) / 1e6;
        }
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

    /** One streamed completion: when it was sent, its first and last content chunks, and its usage. */
    record Stream(long sent, long first, long last, int promptTokens, int completionTokens, int cachedTokens) {
        /** Tokens per second after the first token. */
        double decodeRate() {
            return (completionTokens - 1) / ((last - first) / 1e9);
        }

        /** Prompt tokens per second until the first token. */
        double promptRate() {
            return promptTokens / (timeToFirstToken() / 1e3);
        }

        /** Milliseconds from sending to the first content chunk. */
        double timeToFirstToken() {
            return (first - sent) / 1e6;
        }
    }

    /** A streamed /v1/completions of exactly {@code tokens} tokens (ignore_eos, temperature 0). */
    Stream stream(String prompt, int tokens) throws Exception {
        String body = "{\"prompt\":\"" + prompt + "\",\"max_tokens\":" + tokens + ",\"ignore_eos\":true,"
                + "\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(uri("/v1/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        long first = 0, last = 0;
        int promptTokens = -1, completionTokens = -1, cachedTokens = 0;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher usage = COMPLETION_TOKENS.matcher(line);
                if (usage.find()) {
                    completionTokens = Integer.parseInt(usage.group(1));
                    promptTokens = found(PROMPT_TOKENS, line, -1);
                    cachedTokens = found(CACHED_TOKENS, line, 0);
                } else if (line.contains("\"text\":\"")) {
                    last = System.nanoTime();
                    first = first == 0 ? last : first;
                }
            }
        }
        if (completionTokens < 0) {
            throw new IllegalStateException("no usage in the answer");
        }
        return new Stream(sent, first, last, promptTokens, completionTokens, cachedTokens);
    }

    private static int found(Pattern pattern, String line, int otherwise) {
        Matcher matcher = pattern.matcher(line);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : otherwise;
    }

    /** Generated tokens (each stream's usage) over the wall time of {@code streams} concurrent streams. */
    double aggregate(int streams, int tokens) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(streams)) {
            List<Callable<Stream>> calls = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                String prompt = "story number " + i;
                calls.add(() -> stream(prompt, tokens));
            }
            long start = System.nanoTime();
            int generated = 0;
            for (Future<Stream> done : pool.invokeAll(calls)) {
                generated += done.get().completionTokens();
            }
            return generated / ((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
