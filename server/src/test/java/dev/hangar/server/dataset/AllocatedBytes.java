package dev.hangar.server.dataset;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread has allocated so far (HotSpot's counter): a reader that holds a whole
 * file in memory allocates at least its size, a streaming one far less, whatever the GC does.
 */
final class AllocatedBytes {

    private AllocatedBytes() {}

    static long ofCurrentThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
