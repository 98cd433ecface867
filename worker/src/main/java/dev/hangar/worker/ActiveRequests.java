package dev.hangar.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Counts requests that use the model, so that a drain can wait until the last one finished. */
final class ActiveRequests {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;

    void begin() {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            if (--active == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return true when no request is active any more, false when {@code limit} passed first */
    boolean awaitIdle(Duration limit) throws InterruptedException {
        long remaining = limit.toNanos();
        lock.lock();
        try {
            while (active > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int count() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }
}
