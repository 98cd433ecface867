package dev.hangar.server.core;

import java.time.Duration;

/**
 * The one thread of a component that works in the background for as long as the server runs (a
 * writer, a refresher): started with its loop, which goes on while {@link #running()}; stopped by
 * asking the loop to end, interrupting it where it waits, and waiting for it a while.
 */
public final class ServiceThread {

    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private volatile boolean running;
    private Thread thread;

    public ServiceThread(String name) {
        this.name = name;
    }

    public void start(Runnable loop) {
        running = true;
        thread = Thread.ofVirtual().name(name).start(loop);
    }

    /** Returns when the loop has ended, or after {@link #STOP_WAIT} (the loop is then left to end by itself). */
    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return running;
    }
}
