package dev.hangar.server.backend.local;

import dev.hangar.server.endpoint.ReplicaLogReader;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.StartupProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * A replica's log file: rotated by copy-truncate (the replica keeps appending to the same open
 * file, so it never notices), its last lines read from the end without reading the whole file,
 * and followed line by line for a live view.
 */
@Component
public class ReplicaLogs implements ReplicaLogReader {

    /** Longer lines are cut (tail) or split (follow), so one runaway line cannot fill a page. */
    static final int MAX_LINE_BYTES = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaLogs.class);
    private static final int BLOCK_BYTES = 8192;
    /** How far beyond the lines' own bytes a tail searches backwards for the start of the oldest line. */
    private static final long SCAN_SLACK_BYTES = 1 << 20;

    private static final String CUT = "…";

    private final long maxSize;
    private final int keptFiles;

    @Autowired
    public ReplicaLogs(HangarProperties properties) {
        this(properties.replicas().logMaxSize(), properties.replicas().logFiles());
    }

    ReplicaLogs(DataSize maxSize, int keptFiles) {
        if (maxSize.toBytes() <= 0 || keptFiles < 1) {
            throw new StartupProblem(
                    "Replica logs cannot rotate with HANGAR_REPLICA_LOG_MAX_SIZE=" + maxSize
                            + " and HANGAR_REPLICA_LOG_FILES=" + keptFiles + ".",
                    "Set HANGAR_REPLICA_LOG_MAX_SIZE to a size such as 10MB and HANGAR_REPLICA_LOG_FILES to 1 or more.");
        }
        this.maxSize = maxSize.toBytes();
        this.keptFiles = keptFiles;
    }

    /**
     * When the log is larger than the maximum size: {@code log.N-1} becomes {@code log.N} (the
     * oldest is dropped), ..., {@code log} is copied to {@code log.1} and emptied in place. A
     * process appending to it writes on at the new end; lines written during the copy are lost.
     *
     * @return whether the log was rotated
     */
    public synchronized boolean rotateIfLarge(Path log) throws IOException {
        if (!Files.isRegularFile(log) || Files.size(log) <= maxSize) {
            return false;
        }
        Files.deleteIfExists(rotated(log, keptFiles));
        for (int n = keptFiles - 1; n >= 1; n--) {
            if (Files.exists(rotated(log, n))) {
                Files.move(rotated(log, n), rotated(log, n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        long copied;
        try (FileChannel live = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileChannel first = FileChannel.open(
                        rotated(log, 1),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            copied = live.size();
            long done = 0;
            while (done < copied) {
                long moved = live.transferTo(done, copied - done, first);
                if (moved <= 0) {
                    break;
                }
                done += moved;
            }
            live.truncate(0);
        }
        LOG.info("Rotated replica log {} at {} bytes; older output is in {}.1 … .{}", log, copied, log, keptFiles);
        return true;
    }

    private static Path rotated(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    /**
     * The last {@code lines} lines of the log, oldest first, read backwards from the end. A line
     * longer than {@link #MAX_LINE_BYTES} keeps its start and ends with "…". The search goes back
     * at most a mebibyte more than the lines would fill at that length; an oldest line whose start
     * lies further back is its last bytes after a "…". A missing log has no lines.
     */
    @Override
    public List<String> tail(Path log, int lines) throws IOException {
        if (lines <= 0) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            return readSpans(channel, lastSpans(channel, lines));
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * Follows the log from a byte offset (0: its start; its size: only what comes next).
     * See {@link LogFollow#poll()}.
     */
    @Override
    public LogFollow follow(Path log, long fromOffset) {
        return new LogFollow(log, fromOffset);
    }

    /** Where one line lies in the file; {@code cutAtStart} when its start was not searched for. */
    private record Span(long start, long end, boolean cutAtStart) {}

    private static List<Span> lastSpans(FileChannel channel, int lines) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return List.of();
        }
        long end = byteAt(channel, size - 1) == '\n' ? size - 1 : size;
        long budget = (long) lines * MAX_LINE_BYTES + SCAN_SLACK_BYTES;
        List<Span> spans = new ArrayList<>();
        ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
        long lineEnd = end;
        long position = end;
        scan:
        while (position > 0) {
            if (end - position >= budget) {
                spans.add(new Span(position, lineEnd, true));
                return spans.reversed();
            }
            int length = (int) Math.min(BLOCK_BYTES, position);
            long blockStart = position - length;
            block.clear().limit(length);
            readFully(channel, block, blockStart);
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    spans.add(new Span(blockStart + i + 1, lineEnd, false));
                    if (spans.size() == lines) {
                        break scan;
                    }
                    lineEnd = blockStart + i;
                }
            }
            position = blockStart;
        }
        if (spans.size() < lines) {
            spans.add(new Span(0, lineEnd, false));
        }
        return spans.reversed();
    }

    private static List<String> readSpans(FileChannel channel, List<Span> spans) throws IOException {
        List<String> lines = new ArrayList<>(spans.size());
        for (Span span : spans) {
            long length = span.end() - span.start();
            boolean cut = length > MAX_LINE_BYTES;
            long from = span.cutAtStart() && cut ? span.end() - MAX_LINE_BYTES : span.start();
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(length, MAX_LINE_BYTES));
            readFully(channel, bytes, from);
            String text = stripCarriageReturn(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8));
            lines.add(span.cutAtStart() ? CUT + text : cut ? text + CUT : text);
        }
        return lines;
    }

    static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static byte byteAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(channel, one, position);
        return one.position() == 1 ? one.get(0) : 0;
    }

    /**
     * Fills the buffer from the file position, or up to the end of a file that shrank meanwhile;
     * the buffer's position is how much was read.
     */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                return;
            }
            at += read;
        }
    }
}
