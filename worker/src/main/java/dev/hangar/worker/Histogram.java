package dev.hangar.worker;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed upper bounds, safe to observe from many threads without locks. */
final class Histogram {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    Histogram(String name, String help, double... bounds) {
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void observe(double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                buckets[i].increment();
                break;
            }
        }
        sum.add(value);
        count.increment();
    }

    /** Text exposition format 0.0.4: cumulative buckets, then {@code +Inf}, sum and count. */
    void writeTo(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += buckets[i].sum();
            out.append(name)
                    .append("_bucket{le=\"")
                    .append(bounds[i])
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        long total = count.sum();
        out.append(name).append("_bucket{le=\"+Inf\"} ").append(total).append('\n');
        out.append(name).append("_sum ").append(sum.sum()).append('\n');
        out.append(name).append("_count ").append(total).append('\n');
    }
}
