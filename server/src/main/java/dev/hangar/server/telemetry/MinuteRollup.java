package dev.hangar.server.telemetry;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What an endpoint's requests came to over some time: counts and sums, and histograms of latency
 * and time to first token in microseconds (2 significant digits, up to an hour). Rollups of
 * minutes merge into the rollup of a longer step, percentiles included.
 */
final class MinuteRollup {

    static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int DIGITS = 2;

    long requests;
    long errors;
    long promptTokens;
    long completionTokens;
    double latencyMsSum;
    double cost;
    int inFlightMax;
    int queueMax;
    int replicas;
    final Histogram latency;
    final Histogram ttft;

    MinuteRollup() {
        this(new Histogram(HIGHEST_MICROS, DIGITS), new Histogram(HIGHEST_MICROS, DIGITS));
    }

    private MinuteRollup(Histogram latency, Histogram ttft) {
        this.latency = latency;
        this.ttft = ttft;
    }

    void add(GatewayRequest request) {
        requests++;
        errors += request.failed() ? 1 : 0;
        promptTokens += request.promptTokens();
        completionTokens += request.completionTokens();
        latencyMsSum += request.latencyMs();
        cost += request.cost();
        inFlightMax = Math.max(inFlightMax, request.inFlight());
        queueMax = Math.max(queueMax, request.queued());
        replicas = Math.max(replicas, request.replicas());
        latency.recordValue(micros(request.latencyMs()));
        if (request.ttftMs() != null) {
            ttft.recordValue(micros(request.ttftMs()));
        }
    }

    void merge(MinuteRollup other) {
        requests += other.requests;
        errors += other.errors;
        promptTokens += other.promptTokens;
        completionTokens += other.completionTokens;
        latencyMsSum += other.latencyMsSum;
        cost += other.cost;
        inFlightMax = Math.max(inFlightMax, other.inFlightMax);
        queueMax = Math.max(queueMax, other.queueMax);
        replicas = Math.max(replicas, other.replicas);
        latency.add(other.latency);
        ttft.add(other.ttft);
    }

    /** A percentile of latency in milliseconds; null without requests. */
    Double latencyMs(double percentile) {
        return percentileMs(latency, percentile);
    }

    Double ttftMs(double percentile) {
        return percentileMs(ttft, percentile);
    }

    private static Double percentileMs(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? null : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static long micros(double ms) {
        return Math.clamp(Math.round(ms * 1000), 0, HIGHEST_MICROS);
    }

    static byte[] encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    static Histogram decode(byte[] bytes) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), HIGHEST_MICROS);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a stored latency histogram cannot be read", e);
        }
    }

    /** A rollup as stored: counts, sums and the two encoded histograms. */
    static MinuteRollup stored(
            long requests,
            long errors,
            long promptTokens,
            long completionTokens,
            double latencyMsSum,
            double cost,
            int inFlightMax,
            int queueMax,
            int replicas,
            byte[] latency,
            byte[] ttft) {
        MinuteRollup rollup = new MinuteRollup(decode(latency), decode(ttft));
        rollup.requests = requests;
        rollup.errors = errors;
        rollup.promptTokens = promptTokens;
        rollup.completionTokens = completionTokens;
        rollup.latencyMsSum = latencyMsSum;
        rollup.cost = cost;
        rollup.inFlightMax = inFlightMax;
        rollup.queueMax = queueMax;
        rollup.replicas = replicas;
        return rollup;
    }
}
