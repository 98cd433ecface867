package dev.hangar.server.cli;

import dev.hangar.server.core.ByteSizes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * A progress bar for an upload: redrawn in place on a terminal, a line per tenth otherwise (logs,
 * CI). Counts the bytes as the HTTP client reads them from the file.
 */
final class UploadProgress {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long done;
    private long lastDrawn = -1;

    UploadProgress(PrintWriter out, String label, long alreadyThere, long total, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.done = alreadyThere;
        this.terminal = terminal;
    }

    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    private synchronized void advance(long bytes) {
        done += bytes;
        long tenth = total == 0 ? 10 : done * 10 / total;
        long now = System.nanoTime() / 200_000_000;
        if (terminal ? now != lastDrawn : tenth != lastDrawn) {
            lastDrawn = terminal ? now : tenth;
            draw();
        }
    }

    synchronized void finish() {
        draw();
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    private void draw() {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = percent * WIDTH / 100;
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        String line = String.format(
                "  %-28s [%s%s] %3d%% %10s %s/s",
                label,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                percent,
                ByteSizes.bytes(done),
                ByteSizes.bytes((long) (done / seconds)));
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }
}
