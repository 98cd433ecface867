package dev.hangar.server.telemetry;

import dev.hangar.server.core.ServiceThread;
import dev.hangar.server.core.UtcMonths;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.telemetry.UsageRepository.Spender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Records what the gateway routed, off the request's path: {@link #record} only puts the request
 * in a bounded queue (and counts it in Prometheus); one writer thread takes what has queued at most
 * every {@link #WRITE_EVERY}, numbers it and appends it to the {@link RequestLog} first (write-ahead:
 * a killed process's page cache still reaches the disk), then adds it to per-minute rollups (each
 * endpoint's metrics, each user's, key's and endpoint's usage), which it adds to the database
 * every {@code HANGAR_USAGE_FLUSH_INTERVAL}. Readers see the database plus what is not written yet.
 *
 * <p>Usage flushes are idempotent: each covers a run of request numbers, and the database records
 * the flushes it applied in the same transaction ({@link UsageRepository#apply}), so a flush whose
 * answer was lost is tried again as it was and skipped if it had been applied. At start, the
 * requests the log holds after the last applied flush (lost with a killed process) are replayed
 * into usage. When the database is slow or down, usage waits in memory and is tried again, rather
 * than getting lost; only a full queue ({@link #QUEUE_SIZE}) drops records, and each drop is
 * counted ({@code hangar_gateway_records_dropped_total}) and logged.
 */
@Component
public class RequestMeter implements SmartLifecycle {

    static final int QUEUE_SIZE = 100_000;
    static final int BATCH_SIZE = 2_000;
    /** Batches are taken at most this often (unless full), so that a busy gateway's request log is written in few large writes. */
    static final Duration WRITE_EVERY = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(RequestMeter.class);

    /** An endpoint's minute. */
    record MinuteKey(String endpointId, Instant minute) {}

    private final RequestLog requestLog;
    private final UsageRepository usage;
    private final RollupRepository rollups;
    private final Clock clock;
    private final Duration flushEvery;
    private final RequestNumbers numbers;
    private final MonthlyTokens monthly = new MonthlyTokens();
    private final MeterRegistry meters;
    private final BlockingQueue<GatewayRequest> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
    private final Map<MinuteKey, MinuteRollup> pending = new HashMap<>();
    /** Usage not sent to the database yet; guarded by {@link #pending}'s lock, as the database writes are. */
    private final UnflushedUsage unflushed = new UnflushedUsage();
    /** A flush the database failed to answer: it may have applied it; tried again as it is before any other. */
    private UsageFlush unanswered;

    private final Map<String, EndpointMeters> prometheus = new ConcurrentHashMap<>();
    /** Requests and tokens per LoRA adapter, by "endpoint:adapter" (series only for adapters that were called). */
    private final Map<String, AdapterMeters> adapterMeters = new ConcurrentHashMap<>();

    private final Counter dropped;
    private final ServiceThread writer = new ServiceThread("gateway-metering");

    RequestMeter(
            RequestLog requestLog,
            UsageRepository usage,
            RollupRepository rollups,
            Clock clock,
            HangarProperties properties,
            MeterRegistry meters) {
        this.requestLog = requestLog;
        this.usage = usage;
        this.rollups = rollups;
        this.clock = clock;
        this.flushEvery = properties.telemetry().usageFlushInterval();
        this.numbers = new RequestNumbers(clock);
        this.meters = meters;
        this.dropped = Counter.builder("hangar.gateway.records.dropped")
                .description("Gateway requests not metered because the metering queue was full")
                .register(meters);
    }

    /** Takes a routed request for metering; never blocks. */
    public void record(GatewayRequest request) {
        prometheus.computeIfAbsent(request.endpointName(), this::metersOf).count(request);
        if (request.adapter() != null) {
            AdapterMeters adapter = adapterMeters.computeIfAbsent(
                    request.endpointName() + ":" + request.adapter(),
                    key -> adapterMeters(request.endpointName(), request.adapter()));
            adapter.requests().increment();
            adapter.tokens().increment(request.totalTokens());
        }
        if (request.totalTokens() > 0) {
            monthly.add(request);
        }
        if (!queue.offer(request)) {
            dropped.increment();
            log.warn(
                    "metering queue full ({} requests waiting for the database): request to {} not recorded",
                    QUEUE_SIZE,
                    request.endpointName());
        }
    }

    /** The endpoint's minutes in [{@code from}, {@code to}): what the database holds plus what is not written yet. */
    NavigableMap<Instant, MinuteRollup> minutes(String endpointId, Instant from, Instant to) {
        synchronized (pending) {
            NavigableMap<Instant, MinuteRollup> minutes = rollups.range(endpointId, from, to);
            pending.forEach((key, delta) -> {
                if (key.endpointId().equals(endpointId)
                        && !key.minute().isBefore(from)
                        && key.minute().isBefore(to)) {
                    MinuteRollup copy = new MinuteRollup();
                    copy.merge(delta);
                    minutes.merge(key.minute(), copy, (a, b) -> {
                        a.merge(b);
                        return a;
                    });
                }
            });
            return minutes;
        }
    }

    /**
     * Tokens a key used in {@code month} (the current UTC month, or a later one: nothing yet), from
     * memory: the database's total loaded at start plus every request recorded since.
     */
    public long monthTokens(String apiKeyId, YearMonth month) {
        return monthly.of(Spender.KEY, apiKeyId, month);
    }

    /** Tokens a user used, with all their keys and sessions, in {@code month}, from memory as {@link #monthTokens}. */
    public long userMonthTokens(String userId, YearMonth month) {
        return monthly.of(Spender.USER, userId, month);
    }

    /** Usage of the minutes in [{@code from}, {@code to}), grouped as asked, for one user or everyone. */
    List<UsageRow> usage(Instant from, Instant to, UsageGrouping grouping, Optional<String> userId) {
        synchronized (pending) {
            flushUsage();
            return usage.usage(from, to, grouping, userId);
        }
    }

    /** Replays what the last run logged but did not flush, loads this month's tokens, then starts the writer. */
    @Override
    public void start() {
        replayUnflushed();
        loadMonthlyTokens();
        writer.start(this::write);
    }

    @Override
    public void stop() {
        writer.stop();
    }

    @Override
    public boolean isRunning() {
        return writer.running();
    }

    /** Stops after the web server, so that the last requests are still recorded. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    /**
     * Adds the requests the log numbered after the last applied flush to usage (a killed process
     * flushed them no more) and flushes them. On a database that never had a flush, records one
     * that covers everything logged so far: the log's older lines belong to another database.
     */
    private void replayUnflushed() {
        synchronized (pending) {
            long applied = usage.lastAppliedSeq().orElseGet(() -> {
                long start = numbers.next(1);
                usage.apply(new UsageFlush(start, start, Map.of()), clock.instant());
                return start;
            });
            numbers.skipTo(applied);
            requestLog.readAfter(applied, logged -> {
                numbers.skipTo(logged.seq());
                unflushed.add(logged.seq(), logged.request());
            });
            if (!unflushed.isEmpty()) {
                log.warn(
                        "metering: {} user-minutes of usage the last run logged but did not flush are replayed"
                                + " from the request log",
                        unflushed.minuteCount());
                flushUsage();
            }
        }
    }

    /** Each key's and user's tokens this month: the database's, plus what it did not take yet. */
    private void loadMonthlyTokens() {
        YearMonth month = UtcMonths.of(clock.instant());
        Instant from = UtcMonths.start(month);
        synchronized (pending) {
            Map<Spender, Map<String, Long>> used = new EnumMap<>(Spender.class);
            for (Spender spender : Spender.values()) {
                Map<String, Long> byId = usage.tokensSince(spender, from);
                unflushed.addTokensSince(spender, from, byId);
                if (unanswered != null) {
                    UnflushedUsage.addTokensSince(unanswered.minutes(), spender, from, byId);
                }
                used.put(spender, byId);
            }
            monthly.load(month, used);
        }
    }

    private void write() {
        List<GatewayRequest> batch = new ArrayList<>();
        long lastFlush = System.nanoTime();
        while (writer.running() || !queue.isEmpty()) {
            try {
                if (writer.running()) {
                    GatewayRequest first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                    }
                }
            } catch (InterruptedException e) {
                // stopping: write what is left below, then leave
            }
            queue.drainTo(batch, BATCH_SIZE - batch.size());
            if (!batch.isEmpty()) {
                store(batch);
                if (batch.size() < BATCH_SIZE && writer.running()) {
                    pause(WRITE_EVERY);
                }
                batch.clear();
            }
            long now = System.nanoTime();
            if (now - lastFlush >= flushEvery.toNanos()) {
                flushRollups();
                lastFlush = now;
            }
        }
        flushRollups();
        requestLog.close();
        synchronized (pending) {
            if (!pending.isEmpty() || !unflushed.isEmpty() || unanswered != null) {
                log.error(
                        "metering stopped with {} endpoint minutes and {} usage minutes the database did not take"
                                + " (the request log has the usage: it is replayed at the next start)",
                        pending.size(),
                        unflushed.minuteCount()
                                + (unanswered == null ? 0 : unanswered.minutes().size()));
            }
        }
    }

    /** Numbers and logs a batch, then adds it to the rollups. */
    private void store(List<GatewayRequest> batch) {
        long seq = numbers.next(batch.size());
        requestLog.append(batch, seq);
        synchronized (pending) {
            for (GatewayRequest request : batch) {
                Instant minute = request.at().truncatedTo(ChronoUnit.MINUTES);
                pending.computeIfAbsent(new MinuteKey(request.endpointId(), minute), key -> new MinuteRollup())
                        .add(request);
                unflushed.add(seq++, request);
            }
        }
    }

    /** Merges the pending minutes into the database; under the lock, so that a reader never counts one twice or not at all. */
    private void flushRollups() {
        synchronized (pending) {
            flushUsage();
            var minutes = pending.entrySet().iterator();
            while (minutes.hasNext()) {
                Map.Entry<MinuteKey, MinuteRollup> delta = minutes.next();
                try {
                    rollups.add(delta.getKey().endpointId(), delta.getKey().minute(), delta.getValue());
                    minutes.remove();
                } catch (RuntimeException e) {
                    log.warn("metering: rollup of {} not written yet: {}", delta.getKey(), e.toString());
                }
            }
        }
    }

    /**
     * Sends the unflushed usage to the database, all or nothing, after the flush it did not answer
     * if there is one (as it was: its numbers tell the database whether it applied it already);
     * under {@link #pending}'s lock.
     */
    private void flushUsage() {
        while (unanswered != null || !unflushed.isEmpty()) {
            if (unanswered == null) {
                unanswered = unflushed.take();
            }
            try {
                usage.apply(unanswered, clock.instant());
                unanswered = null;
            } catch (RuntimeException e) {
                log.warn(
                        "metering: usage of {} user-minutes not written yet: {}",
                        unanswered.minutes().size(),
                        e.toString());
                return;
            }
        }
    }

    private void pause(Duration length) {
        try {
            Thread.sleep(length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One LoRA adapter's Prometheus series. */
    private record AdapterMeters(Counter requests, Counter tokens) {}

    private AdapterMeters adapterMeters(String endpoint, String adapter) {
        return new AdapterMeters(
                Counter.builder("hangar.gateway.adapter.requests")
                        .description("Requests routed to a LoRA adapter of an endpoint (model ENDPOINT:ADAPTER)")
                        .tag("endpoint", endpoint)
                        .tag("adapter", adapter)
                        .register(meters),
                Counter.builder("hangar.gateway.adapter.tokens")
                        .description("Prompt and completion tokens of requests routed to a LoRA adapter of an endpoint")
                        .tag("endpoint", endpoint)
                        .tag("adapter", adapter)
                        .register(meters));
    }

    private EndpointMeters metersOf(String endpoint) {
        return new EndpointMeters(meters, endpoint);
    }

    /** The Prometheus series of one endpoint (labelled by endpoint, never by key, to keep their number small). */
    private static final class EndpointMeters {

        private final Timer latency;
        private final Counter failures;
        private final DistributionSummary ttft;
        private final Counter promptTokens;
        private final Counter completionTokens;

        EndpointMeters(MeterRegistry meters, String endpoint) {
            latency = Timer.builder("hangar.gateway.requests")
                    .description("Requests the gateway routed, by endpoint, and how long they took")
                    .tag("endpoint", endpoint)
                    .register(meters);
            failures = Counter.builder("hangar.gateway.request.failures")
                    .description("Routed requests answered with a status of 400 or more")
                    .tag("endpoint", endpoint)
                    .register(meters);
            ttft = DistributionSummary.builder("hangar.gateway.time.to.first.token")
                    .description("Time to the first token, in milliseconds")
                    .baseUnit("milliseconds")
                    .tag("endpoint", endpoint)
                    .register(meters);
            promptTokens = tokens(meters, endpoint, "prompt");
            completionTokens = tokens(meters, endpoint, "completion");
        }

        private static Counter tokens(MeterRegistry meters, String endpoint, String kind) {
            return Counter.builder("hangar.gateway.tokens")
                    .description("Tokens in (prompt) and out (completion)")
                    .tag("endpoint", endpoint)
                    .tag("kind", kind)
                    .register(meters);
        }

        void count(GatewayRequest request) {
            latency.record(Duration.ofNanos(Math.round(request.latencyMs() * 1_000_000)));
            if (request.failed()) {
                failures.increment();
            }
            if (request.ttftMs() != null) {
                ttft.record(request.ttftMs());
            }
            promptTokens.increment(request.promptTokens());
            completionTokens.increment(request.completionTokens());
        }
    }
}
