package dev.hangar.worker;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The worker's phase and, once loaded, its engine; read by every request, written by the loader and on SIGTERM. */
public final class WorkerState {
    private final AtomicReference<WorkerPhase> phase = new AtomicReference<>(WorkerPhase.LOADING);
    private volatile LlamaEngine engine;

    public WorkerPhase phase() {
        return phase.get();
    }

    /** The engine, when the worker is READY. */
    public Optional<LlamaEngine> readyEngine() {
        return phase.get() == WorkerPhase.READY ? Optional.ofNullable(engine) : Optional.empty();
    }

    /** The engine once loaded, whatever the phase (draining requests still finish on it). */
    public Optional<LlamaEngine> loadedEngine() {
        return Optional.ofNullable(engine);
    }

    /** @return false when the worker started draining while the model loaded */
    public boolean markReady(LlamaEngine loaded) {
        engine = loaded;
        return moveTo(WorkerPhase.READY);
    }

    /** @return false when already draining */
    public boolean startDraining() {
        return moveTo(WorkerPhase.DRAINING);
    }

    private boolean moveTo(WorkerPhase next) {
        while (true) {
            WorkerPhase current = phase.get();
            if (!current.canMoveTo(next)) {
                return false;
            }
            if (phase.compareAndSet(current, next)) {
                return true;
            }
        }
    }
}
