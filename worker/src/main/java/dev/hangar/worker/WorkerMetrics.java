package dev.hangar.worker;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The worker's Prometheus metrics, written by hand in the text format: a metrics library would cost start time for a
 * dozen series.
 */
public final class WorkerMetrics {
    private static final double[] LATENCY_SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder generatedTokens = new LongAdder();
    private final Map<String, LongAdder> adapterRequests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> adapterTokens = new ConcurrentHashMap<>();
    private final Histogram timeToFirstToken = new Histogram(
            "hangar_worker_time_to_first_token_seconds",
            "Time from a generation request reaching a slot to its first token.",
            LATENCY_SECONDS);
    private final Histogram timePerToken = new Histogram(
            "hangar_worker_time_per_output_token_seconds",
            "Mean time between output tokens after the first, per request.",
            LATENCY_SECONDS);
    private final Histogram requestDuration = new Histogram(
            "hangar_worker_request_duration_seconds",
            "Time from a request's arrival to its last byte.",
            LATENCY_SECONDS);

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestFinished(String route, int status, Duration took) {
        inFlight.decrementAndGet();
        requests.computeIfAbsent(route + '\u0000' + status, key -> new LongAdder())
                .increment();
        requestDuration.observe(seconds(took));
    }

    void generated(int prompt, Generation generation, Duration total) {
        promptTokens.add(prompt);
        generatedTokens.add(generation.completionTokens());
        timeToFirstToken.observe(seconds(generation.timeToFirstToken()));
        if (generation.completionTokens() > 1) {
            Duration decoding = total.minus(generation.timeToFirstToken());
            timePerToken.observe(seconds(decoding) / (generation.completionTokens() - 1));
        }
    }

    /** Counts a generation under its adapter set's label ({@code base} for none). */
    void adapterUsed(AdapterSet adapters, int prompt, int completion) {
        String label = adapters.label();
        adapterRequests.computeIfAbsent(label, key -> new LongAdder()).increment();
        adapterTokens.computeIfAbsent(label, key -> new LongAdder()).add((long) prompt + completion);
    }

    void embedded(int prompt) {
        promptTokens.add(prompt);
    }

    /** The whole exposition; {@code slots} supplies the live slot gauges. */
    String render(SlotScheduler slots) {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP hangar_worker_requests_total Requests answered, by route and HTTP status.\n");
        out.append("# TYPE hangar_worker_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            int split = key.indexOf('\u0000');
            out.append("hangar_worker_requests_total{route=\"")
                    .append(key, 0, split)
                    .append("\",status=\"")
                    .append(key.substring(split + 1))
                    .append("\"} ")
                    .append(count.sum())
                    .append('\n');
        });
        gauge(out, "hangar_worker_requests_in_flight", "Requests being answered now.", inFlight.get());
        gauge(out, "hangar_worker_requests_queued", "Requests waiting for a free slot.", slots.queued());
        gauge(out, "hangar_worker_slots_busy", "Slots generating or embedding now.", slots.busy());
        gauge(out, "hangar_worker_slots_total", "Slots configured with --parallel.", slots.total());
        counter(out, "hangar_worker_prompt_tokens_total", "Prompt tokens processed.", promptTokens.sum());
        counter(out, "hangar_worker_generation_tokens_total", "Tokens generated.", generatedTokens.sum());
        labelled(
                out,
                "hangar_worker_adapter_requests_total",
                "Generations answered, by LoRA adapter set (base: none).",
                adapterRequests);
        labelled(
                out,
                "hangar_worker_adapter_tokens_total",
                "Prompt and generated tokens of generations, by LoRA adapter set (base: none).",
                adapterTokens);
        timeToFirstToken.writeTo(out);
        timePerToken.writeTo(out);
        requestDuration.writeTo(out);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void labelled(StringBuilder out, String name, String help, Map<String, LongAdder> byAdapter) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        // Adapter names are [A-Za-z0-9._-] and '+': nothing to escape in a label value.
        new TreeMap<>(byAdapter)
                .forEach((adapter, count) -> out.append(name)
                        .append("{adapter=\"")
                        .append(adapter)
                        .append("\"} ")
                        .append(count.sum())
                        .append('\n'));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
