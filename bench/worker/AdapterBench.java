import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyLoraAdapter;
import dev.hangar.formats.tiny.TinyModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;

/**
 * Multi-LoRA serving on one worker (--parallel 4, 2 threads) with two rank-8 adapters of the 85M F16 tiny model
 * loaded: 4 concurrent completions of 128 tokens each (ignore_eos, greedy), as generated tokens (from each answer's
 * usage) over the wall time from sending the first to the last answer, in three mixes run alternately:
 *
 * <ul>
 *   <li>base: all four on the base model (the baseline);
 *   <li>one adapter: all four on adapter a (one adapter set: what the adapter's own matrices cost);
 *   <li>two adapters: alternating a, b, a, b (two sets, which the decode loop never batches together).
 * </ul>
 *
 * Reports medians and the ratios to the base. Usage: java -cp formats/target/classes bench/worker/AdapterBench.java
 * WORKER.jar [runs] [model size, default 85M]
 */
public class AdapterBench {
    static final int THREADS = 2;
    static final int STREAMS = 4;
    static final int TOKENS = 128;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String size = args.length > 2 ? args[2] : "85M";
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path model = tmp.resolve("hangar-bench-tiny-" + size + "-F16.gguf");
        TinyModel base = TinyModel.ofSize(size, 42);
        if (!Files.exists(model)) {
            base.writeGguf(model, GgmlType.F16);
        }
        Path a = tmp.resolve("hangar-bench-tiny-" + size + "-lora-a.gguf");
        Path b = tmp.resolve("hangar-bench-tiny-" + size + "-lora-b.gguf");
        new TinyLoraAdapter(base, 8, 8f, 1).writeGguf(a);
        new TinyLoraAdapter(base, 8, 8f, 2).writeGguf(b);
        System.out.printf("model %s, --threads %d --parallel %d, %d streams × %d tokens, %d runs; medians%n",
                model, THREADS, STREAMS, STREAMS, TOKENS, runs);

        List<Double> onBase = new ArrayList<>(), onOne = new ArrayList<>(), onTwo = new ArrayList<>();
        try (BenchWorker worker = BenchWorker.start(
                jar, model, THREADS, STREAMS, STREAMS * 512,
                "--served-model-name", "m", "--lora", "a=" + a, "--lora", "b=" + b)) {
            worker.awaitHealthy();
            URI completions = worker.uri("/v1/completions");
            throughput(completions, List.of("m", "m:a", "m:b", "m")); // warm-up of each set and slot
            for (int i = 0; i < runs; i++) {
                onBase.add(throughput(completions, List.of("m", "m", "m", "m")));
                onOne.add(throughput(completions, List.of("m:a", "m:a", "m:a", "m:a")));
                onTwo.add(throughput(completions, List.of("m:a", "m:b", "m:a", "m:b")));
            }
        }
        double onBaseMedian = BenchWorker.median(onBase);
        System.out.printf(
                "base, 4 streams:                   %6.1f tokens/s %s%n", onBaseMedian, BenchWorker.rounded(onBase));
        System.out.printf("one adapter, 4 streams:            %6.1f tokens/s %s  ÷ base %.2f%n",
                BenchWorker.median(onOne), BenchWorker.rounded(onOne), BenchWorker.median(onOne) / onBaseMedian);
        System.out.printf("two adapters alternating, 4 streams: %4.1f tokens/s %s  ÷ base %.2f%n",
                BenchWorker.median(onTwo), BenchWorker.rounded(onTwo), BenchWorker.median(onTwo) / onBaseMedian);
    }

    /** Sends one completion per model at once; generated tokens over the wall time until the last answer. */
    static double throughput(URI completions, List<String> models) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(models.size())) {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                String body = "{\"model\":\"" + models.get(i) + "\",\"prompt\":\"story number " + i + "\","
                        + "\"max_tokens\":" + TOKENS + ",\"ignore_eos\":true,\"temperature\":0}";
                calls.add(() -> generated(completions, body));
            }
            long start = System.nanoTime();
            int tokens = 0;
            for (Future<Integer> done : pool.invokeAll(calls)) {
                tokens += done.get();
            }
            return tokens / ((System.nanoTime() - start) / 1e9);
        }
    }

    static int generated(URI completions, String body) throws Exception {
        HttpResponse<String> answer = BenchWorker.HTTP.send(
                HttpRequest.newBuilder(completions)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher usage = BenchWorker.COMPLETION_TOKENS.matcher(answer.body());
        if (answer.statusCode() != 200 || !usage.find()) {
            throw new IllegalStateException("status " + answer.statusCode() + ": " + answer.body());
        }
        return Integer.parseInt(usage.group(1));
    }
}
