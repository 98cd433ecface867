package dev.hangar.server.core;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Work that must see a write as committed: caches told to forget or reload what the write changed. */
public final class AfterCommit {

    private AfterCommit() {}

    /**
     * Runs {@code work} once the current transaction has ended (committed or rolled back), or now
     * when there is none. A reader that refilled a cache in between would otherwise have read the
     * rows as they were before the write.
     */
    public static void run(Runnable work) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            work.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                work.run();
            }
        });
    }
}
