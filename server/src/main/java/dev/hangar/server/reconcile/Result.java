package dev.hangar.server.reconcile;

import java.util.Optional;

/** What starting or checking a replica gave: a value, or the failure that explains why not. */
record Result<T>(Optional<T> value, Optional<ReplicaProcesses.Failure> failure) {

    static <T> Result<T> ok(T value) {
        return new Result<>(Optional.of(value), Optional.empty());
    }

    static <T> Result<T> failed(ReplicaProcesses.Failure failure) {
        return new Result<>(Optional.empty(), Optional.of(failure));
    }

    boolean succeeded() {
        return value.isPresent();
    }
}
