import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thread against two for the worker's decoding, with and without a competing CPU load, for two worker jars in the
 * same run (before and after a change to how the worker uses its threads; bench/worker-threads.sh builds the one
 * before from git). The competing load is one busy-loop process per core, started after the worker's warm-up, so it
 * stands for what else runs on a machine (a build, other services). Each figure: single-stream decode tokens/s after
 * the first token of a streamed completion (ignore_eos, temperature 0) on a worker with --parallel 1; the jars and
 * thread counts take turns run by run; medians, and 2 threads ÷ 1 thread per jar and load.
 *
 * Usage: java -cp formats/target/classes bench/worker/ThreadsBench.java BEFORE.jar AFTER.jar [runs] [tokens]
 */
public class ThreadsBench {
    public static void main(String[] args) throws Exception {
        Path before = Path.of(args[0]);
        Path after = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int cores = Runtime.getRuntime().availableProcessors();
        Path model = BenchWorker.model();
        System.out.printf("model %s, %d tokens, %d runs; competing load: %d busy loops; medians, tokens/s%n",
                model, tokens, runs, cores);

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (int busy : new int[] {0, cores}) {
                for (Path jar : List.of(before, after)) {
                    for (int threads : new int[] {1, 2}) {
                        double rate = decodeRate(jar, model, threads, tokens, busy);
                        rates.computeIfAbsent(key(jar == before, busy, threads), k -> new ArrayList<>())
                                .add(rate);
                        System.out.printf("  run %d, %s, %d busy loops, %d threads: %.1f%n",
                                run + 1, jar == before ? "before" : "after", busy, threads, rate);
                    }
                }
            }
        }
        for (int busy : new int[] {0, cores}) {
            for (boolean isBefore : new boolean[] {true, false}) {
                double one = BenchWorker.median(rates.get(key(isBefore, busy, 1)));
                double two = BenchWorker.median(rates.get(key(isBefore, busy, 2)));
                System.out.printf("%-6s %-22s 1 thread %7.1f  2 threads %7.1f  2 ÷ 1 = %.2f%n",
                        isBefore ? "before" : "after", busy == 0 ? "no competing load" : busy + " busy loops", one, two,
                        two / one);
            }
        }
    }

    static String key(boolean before, int busy, int threads) {
        return before + " " + busy + " " + threads;
    }

    /** Starts the worker, warms it up with one full request, starts the load, and times one request. */
    static double decodeRate(Path jar, Path model, int threads, int tokens, int busy) throws Exception {
        try (BenchWorker worker = BenchWorker.start(jar, model, threads, 1, 512)) {
            worker.awaitHealthy();
            worker.stream("hello", tokens);
            List<Process> loops = new ArrayList<>();
            try {
                for (int i = 0; i < busy; i++) {
                    loops.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
                }
                return worker.stream("tell me a story", tokens).decodeRate();
            } finally {
                for (Process loop : loops) {
                    loop.destroyForcibly().waitFor();
                }
            }
        }
    }
}
