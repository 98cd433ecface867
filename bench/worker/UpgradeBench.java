import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * Usage: java -cp formats/target/classes bench/worker/UpgradeBench.java OLD.jar NEW.jar [runs] [tokens]
 */
public class UpgradeBench {
    static final int THREADS = 2;

    public static void main(String[] args) throws Exception {
        Path old = Path.of(args[0]);
        Path neu = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        Path model = BenchWorker.model();
        System.out.printf("model %s, --threads %d, %d tokens a stream, %d runs each, alternating; medians (new ÷ old)%n",
                model, THREADS, tokens, runs);

        List<Double> startOld = new ArrayList<>(), startNew = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            startOld.add(BenchWorker.coldStart(old, model, THREADS));
            startNew.add(BenchWorker.coldStart(neu, model, THREADS));
        }
        report("cold start to ready, ms", startOld, startNew);

        List<Double> decodeOld = new ArrayList<>(), decodeNew = new ArrayList<>();
        List<Double> promptOld = new ArrayList<>(), promptNew = new ArrayList<>();
        try (BenchWorker o = BenchWorker.start(old, model, THREADS, 1, 2048);
                BenchWorker n = BenchWorker.start(neu, model, THREADS, 1, 2048)) {
            o.awaitHealthy();
            n.awaitHealthy();
            o.stream("hello", tokens); // warm-up
            n.stream("hello", tokens);
            for (int i = 0; i < runs; i++) {
                decodeOld.add(o.stream("tell me a story", tokens).decodeRate());
                decodeNew.add(n.stream("tell me a story", tokens).decodeRate());
                // a different prompt each run, so that no prefix is reused
                promptOld.add(o.stream(i + " " + BenchWorker.LONG_TEXT, 1).promptRate());
                promptNew.add(n.stream(i + " " + BenchWorker.LONG_TEXT, 1).promptRate());
            }
        }
        report("single-stream decode, tokens/s", decodeOld, decodeNew);
        report("prompt processing, tokens/s", promptOld, promptNew);

        for (Path jar : List.of(old, neu)) {
            List<Double> one = new ArrayList<>(), four = new ArrayList<>(), eight = new ArrayList<>();
            try (BenchWorker w = BenchWorker.start(jar, model, THREADS, 8, 8 * 512)) {
                w.awaitHealthy();
                w.aggregate(8, tokens); // warm-up of every slot
                for (int i = 0; i < runs; i++) {
                    one.add(w.aggregate(1, tokens));
                    four.add(w.aggregate(4, tokens));
                    eight.add(w.aggregate(8, tokens));
                }
            }
            double single = BenchWorker.median(one);
            System.out.printf(
                    "%s, --parallel 8: 1 / 4 / 8 streams %.1f / %.1f / %.1f tokens/s; 4 ÷ 1 = %.2f, 8 ÷ 1 = %.2f%n",
                    jar == old ? "old" : "new", single, BenchWorker.median(four), BenchWorker.median(eight),
                    BenchWorker.median(four) / single, BenchWorker.median(eight) / single);
        }
    }

    static void report(String what, List<Double> old, List<Double> neu) {
        System.out.printf("%-34s old %8.1f  new %8.1f  new ÷ old %.2f   (old %s, new %s)%n",
                what, BenchWorker.median(old), BenchWorker.median(neu),
                BenchWorker.median(neu) / BenchWorker.median(old), BenchWorker.rounded(old), BenchWorker.rounded(neu));
    }
}
