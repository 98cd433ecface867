package dev.hangar.server.backend.local;

import dev.hangar.server.endpoint.ReplicaLogReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one log file for a live view (a controller sends each {@link #poll()}'s lines as
 * server-sent events). It holds no open file between polls, so rotation and deletion are seen.
 * Not thread-safe: one follower per viewer.
 */
public final class LogFollow implements ReplicaLogReader.LogLines {

    /** Bounds one poll, so a viewer that starts at 0 of a large log gets it in pieces. */
    static final int MAX_POLL_BYTES = 256 * 1024;

    private final Path log;
    private long offset;

    LogFollow(Path log, long fromOffset) {
        this.log = log;
        this.offset = Math.max(0, fromOffset);
    }

    /**
     * The complete lines written since the last poll, oldest first; a line still being written
     * waits for its newline, unless it is already {@link ReplicaLogs#MAX_LINE_BYTES} long (then it
     * comes in pieces of that size). When the file got shorter than what was read (copy-truncate
     * rotation), reading starts over at its beginning. A missing file has no new lines.
     */
    @Override
    public List<String> poll() throws IOException {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < offset) {
                offset = 0;
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size - offset, MAX_POLL_BYTES));
            ReplicaLogs.readFully(channel, bytes, offset);
            return takeLines(bytes.array(), bytes.position());
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** The byte offset the next poll reads from: just after the last line returned. */
    public long offset() {
        return offset;
    }

    private List<String> takeLines(byte[] bytes, int length) {
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n' || i - lineStart == ReplicaLogs.MAX_LINE_BYTES) {
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                lines.add(ReplicaLogs.stripCarriageReturn(line));
                lineStart = bytes[i] == '\n' ? i + 1 : i;
            }
        }
        offset += lineStart;
        return lines;
    }
}
