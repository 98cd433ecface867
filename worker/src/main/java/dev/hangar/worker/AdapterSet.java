package dev.hangar.worker;

import dev.hangar.worker.llama.LoraAdapter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The LoRA adapters a generation decodes with, each at its scale; empty is the base model. Kept in id order, so two
 * requests that chose the same adapters at the same scales hold equal sets: the decode loop batches only sequences
 * whose sets are equal, and reuses cached prompt cells only between them.
 */
record AdapterSet(List<Applied> adapters) {
    static final AdapterSet BASE = new AdapterSet(List.of());

    /** One adapter at a scale. */
    record Applied(LoadedAdapter adapter, float scale) {}

    AdapterSet {
        adapters = adapters.stream()
                .sorted(Comparator.comparingInt(applied -> applied.adapter().id()))
                .toList();
    }

    boolean isBase() {
        return adapters.isEmpty();
    }

    /** What usage and metrics record: {@code base}, or the adapters' names joined by {@code +}. */
    String label() {
        return isBase()
                ? "base"
                : adapters.stream().map(applied -> applied.adapter().name()).collect(Collectors.joining("+"));
    }

    List<LoraAdapter> handles() {
        return adapters.stream().map(applied -> applied.adapter().handle()).toList();
    }

    float[] scales() {
        float[] scales = new float[adapters.size()];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = adapters.get(i).scale();
        }
        return scales;
    }

    boolean uses(LoadedAdapter adapter) {
        return adapters.stream().anyMatch(applied -> applied.adapter().equals(adapter));
    }
}
