import dev.hangar.worker.llama.ContextSettings;
import dev.hangar.worker.llama.LlamaBatch;
import dev.hangar.worker.llama.LlamaContext;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.LlamaModel;
import dev.hangar.worker.llama.PoolingType;
import dev.hangar.worker.llama.SamplerChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker on llama.cpp's C API against its own parts, in one run, on the 85M model with 2 threads:
 *
 * <ul>
 *   <li>served ÷ in-process: single-stream decode tokens/s after the first token of 128 greedy tokens, a streamed
 *       /v1/completions of the worker against the bare binding in this JVM (a context of the same size, the prompt
 *       decoded, then one token a decode with a greedy sampler): what the worker's HTTP, decode loop and streaming
 *       cost. The two alternate after a warm-up each. Target ≥ 0.97.
 *   <li>prefix reuse: time to the first token of a request whose ~1,000-token prompt shares everything but its last
 *       words with the request before it, ÷ that first request's (a new prefix every run, so the first is always
 *       cold); the answer's usage.prompt_tokens_details.cached_tokens is printed to show the reuse. Target ≤ 0.25.
 *   <li>adapters: two LoRA adapters on one base at 4 streams against the base alone — not measured here yet.
 * </ul>
 *
 * Usage (the worker jar on the class path, for the in-process side):
 * java --enable-native-access=ALL-UNNAMED -cp worker/target/hangar-worker.jar:formats/target/classes \
 *   bench/worker/ServingBench.java worker/target/hangar-worker.jar [runs] [tokens]
 */
public class ServingBench {
    static final int THREADS = 2;
    static final int CONTEXT = 2048;
    static final String PROMPT = "tell me a story";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        Path model = BenchWorker.model();
        System.out.printf("model %s, --threads %d, %d tokens, %d runs; medians%n", model, THREADS, tokens, runs);

        List<Double> served = new ArrayList<>(), inProcess = new ArrayList<>();
        try (BenchWorker worker = BenchWorker.start(jar, model, THREADS, 1, CONTEXT);
                InProcess binding = new InProcess(model)) {
            worker.awaitHealthy();
            worker.stream(PROMPT, tokens); // warm-up
            binding.decodeRate(PROMPT, tokens);
            for (int i = 0; i < runs; i++) {
                inProcess.add(binding.decodeRate(PROMPT, tokens));
                served.add(worker.stream(PROMPT, tokens).decodeRate());
            }
        }
        System.out.printf("served ÷ in-process decode: %.1f ÷ %.1f tokens/s = %.3f   (served %s, in-process %s)%n",
                BenchWorker.median(served), BenchWorker.median(inProcess),
                BenchWorker.median(served) / BenchWorker.median(inProcess),
                BenchWorker.rounded(served), BenchWorker.rounded(inProcess));

        List<Double> cold = new ArrayList<>(), reused = new ArrayList<>();
        List<Integer> cached = new ArrayList<>();
        int promptTokens = 0;
        try (BenchWorker worker = BenchWorker.start(jar, model, THREADS, 1, CONTEXT)) {
            worker.awaitHealthy();
            worker.stream("warm " + BenchWorker.LONG_TEXT, 1);
            for (int i = 0; i < runs; i++) {
                String prefix = "prefix " + i + " " + BenchWorker.LONG_TEXT;
                BenchWorker.Stream first = worker.stream(prefix + "what comes first", 1);
                BenchWorker.Stream second = worker.stream(prefix + "and what comes next", 1);
                cold.add(first.timeToFirstToken());
                reused.add(second.timeToFirstToken());
                cached.add(second.cachedTokens());
                promptTokens = second.promptTokens();
            }
        }
        System.out.printf("prefix reuse, time to first token: second %.1f ÷ first %.1f ms = %.3f   "
                        + "(%d prompt tokens, cached %s; first %s, second %s ms)%n",
                BenchWorker.median(reused), BenchWorker.median(cold),
                BenchWorker.median(reused) / BenchWorker.median(cold), promptTokens, cached,
                BenchWorker.rounded(cold), BenchWorker.rounded(reused));
        System.out.println("adapters, 2 adapters ÷ base at 4 streams: not measured here yet");
    }

    /** The bare binding: one context like the worker's with one slot, a greedy sampler, one token a decode. */
    static final class InProcess implements AutoCloseable {
        final LlamaLibrary library = LlamaLibrary.loadConfigured();
        final LlamaModel model;
        final LlamaContext context;
        final LlamaBatch batch;

        InProcess(Path file) {
            model = LlamaModel.load(library, file);
            context = LlamaContext.create(
                    model, new ContextSettings(CONTEXT, 512, 512, 1, THREADS, false, PoolingType.LAST));
            batch = LlamaBatch.allocate(library, 512);
        }

        /** Tokens per second after the first token of {@code tokens} greedy tokens after {@code prompt}. */
        double decodeRate(String prompt, int tokens) {
            context.memory().clear();
            int[] promptTokens = model.vocab().tokenize(prompt, true, true);
            batch.clear();
            for (int i = 0; i < promptTokens.length; i++) {
                batch.add(promptTokens[i], i, 0, i == promptTokens.length - 1);
            }
            try (SamplerChain sampler = SamplerChain.create(library).greedy()) {
                context.decode(batch);
                int token = sampler.sample(context, promptTokens.length - 1);
                long first = System.nanoTime();
                for (int position = promptTokens.length; position < promptTokens.length + tokens - 1; position++) {
                    batch.clear();
                    batch.add(token, position, 0, true);
                    context.decode(batch);
                    token = sampler.sample(context, 0);
                }
                return (tokens - 1) / ((System.nanoTime() - first) / 1e9);
            }
        }

        @Override
        public void close() {
            batch.close();
            context.close();
            model.close();
        }
    }
}
