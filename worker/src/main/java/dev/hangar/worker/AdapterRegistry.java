package dev.hangar.worker;

import dev.hangar.worker.llama.LoraAdapter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The LoRA adapters loaded for the engine's model, by name, with how many requests use each. A request leases the
 * adapters it chose from arrival to its last token; an adapter is unloaded only while no lease holds it (an unload
 * asked for meanwhile is refused, not queued: the caller retries once those requests are done).
 */
final class AdapterRegistry {
    private final String baseName;
    private final Map<String, Entry> adapters = new LinkedHashMap<>();
    private final Set<String> loading = new HashSet<>();
    private int nextId;

    private static final class Entry {
        final LoadedAdapter adapter;
        int uses;

        Entry(LoadedAdapter adapter) {
            this.adapter = adapter;
        }
    }

    /** Adapters in use by one request; closing it lets them be unloaded again. */
    final class Lease implements AutoCloseable {
        private final AdapterSet set;
        private boolean closed;

        private Lease(AdapterSet set) {
            this.set = set;
        }

        AdapterSet set() {
            return set;
        }

        @Override
        public void close() {
            synchronized (AdapterRegistry.this) {
                if (closed) {
                    return;
                }
                closed = true;
                for (AdapterSet.Applied applied : set.adapters()) {
                    Entry entry = adapters.get(applied.adapter().name());
                    if (entry != null && entry.adapter.equals(applied.adapter())) {
                        entry.uses--;
                    }
                }
            }
        }
    }

    /** @param baseName the model name requests use; {@code BASE:ADAPTER} selects an adapter */
    AdapterRegistry(String baseName) {
        this.baseName = baseName;
    }

    String baseName() {
        return baseName;
    }

    /**
     * Claims {@code name} for an adapter about to load, so two loads cannot take one name.
     *
     * @throws ApiError 409 when an adapter has or is getting the name
     */
    synchronized void claim(String name) {
        if (adapters.containsKey(name) || loading.contains(name)) {
            throw ApiError.conflict("an adapter named '" + name + "' is already loaded; unload it first", "name");
        }
        loading.add(name);
    }

    /** Gives up a claim whose load failed. */
    synchronized void release(String name) {
        loading.remove(name);
    }

    /** Adds a loaded adapter under its claimed name. */
    synchronized LoadedAdapter add(String name, Path file, float scale, LoraAdapter handle) {
        loading.remove(name);
        LoadedAdapter adapter = new LoadedAdapter(nextId++, name, file, scale, handle);
        adapters.put(name, new Entry(adapter));
        return adapter;
    }

    /**
     * Takes {@code name} out, so that no new request can choose it; its handle is the caller's to free.
     *
     * @throws ApiError 404 when no such adapter is loaded; 409 while requests use it
     */
    synchronized LoadedAdapter remove(String name) {
        Entry entry = adapters.get(name);
        if (entry == null) {
            throw ApiError.notFound("no adapter named '" + name + "' is loaded" + loadedNames());
        }
        if (entry.uses > 0) {
            throw ApiError.conflict(
                    "adapter '" + name + "' is in use by " + entry.uses + (entry.uses == 1 ? " request" : " requests")
                            + "; unload it once they have finished",
                    null);
        }
        adapters.remove(name);
        return entry.adapter;
    }

    synchronized List<LoadedAdapter> list() {
        return adapters.values().stream().map(entry -> entry.adapter).toList();
    }

    /**
     * Resolves a request's choice to loaded adapters and holds them until the lease is closed.
     *
     * @throws ApiError 404 when {@code model} names an adapter that is not loaded; 400 for a {@code lora} entry that
     *     names none, repeats one, or comes with a {@code model} that names an adapter too
     */
    synchronized Lease lease(AdapterChoice choice) {
        Optional<String> named = choice.model()
                .flatMap(model -> model.startsWith(baseName + ":")
                        ? Optional.of(model.substring(baseName.length() + 1))
                        : Optional.empty());
        List<AdapterSet.Applied> chosen = new ArrayList<>();
        if (named.isPresent()) {
            if (choice.lora().isPresent()) {
                throw ApiError.badRequest(
                        "choose adapters either with 'model' (" + baseName + ":ADAPTER) or with 'lora', not both",
                        "lora");
            }
            Entry entry = adapters.get(named.get());
            if (entry == null) {
                throw ApiError.modelNotFound("model '" + choice.model().get()
                        + "' is not served here: no adapter named '" + named.get() + "' is loaded" + loadedNames());
            }
            chosen.add(new AdapterSet.Applied(entry.adapter, entry.adapter.scale()));
        }
        for (AdapterChoice.Requested requested : choice.lora().orElse(List.of())) {
            LoadedAdapter adapter = find(requested)
                    .orElseThrow(() -> ApiError.badRequest(
                            "'lora' names adapter " + requested.describe() + ", which is not loaded" + loadedNames(),
                            "lora"));
            if (chosen.stream().anyMatch(applied -> applied.adapter().equals(adapter))) {
                throw ApiError.badRequest("'lora' names adapter '" + adapter.name() + "' twice", "lora");
            }
            float scale = requested.scale().orElse(adapter.scale());
            if (scale != 0) {
                chosen.add(new AdapterSet.Applied(adapter, scale));
            }
        }
        AdapterSet set = new AdapterSet(chosen);
        for (AdapterSet.Applied applied : set.adapters()) {
            adapters.get(applied.adapter().name()).uses++;
        }
        return new Lease(set);
    }

    private Optional<LoadedAdapter> find(AdapterChoice.Requested requested) {
        if (requested.name().isPresent()) {
            return Optional.ofNullable(adapters.get(requested.name().get())).map(entry -> entry.adapter);
        }
        int id = requested.id().getAsInt();
        return adapters.values().stream()
                .map(entry -> entry.adapter)
                .filter(adapter -> adapter.id() == id)
                .findFirst();
    }

    private String loadedNames() {
        return adapters.isEmpty() ? " (none is)" : " (loaded: " + String.join(", ", adapters.keySet()) + ")";
    }
}
