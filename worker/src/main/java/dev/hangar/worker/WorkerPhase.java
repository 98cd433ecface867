package dev.hangar.worker;

/**
 * The worker's life: {@code LOADING → READY → DRAINING}, or {@code LOADING → DRAINING} when stopped before the model
 * is in. Only READY serves inference; the others answer 503.
 */
public enum WorkerPhase {
    LOADING,
    READY,
    DRAINING;

    boolean canMoveTo(WorkerPhase next) {
        return switch (this) {
            case LOADING -> next == READY || next == DRAINING;
            case READY -> next == DRAINING;
            case DRAINING -> false;
        };
    }
}
