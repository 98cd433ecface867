package dev.hangar.server.endpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads replica logs for people: the last lines, or new lines as they are written. */
public interface ReplicaLogReader {

    /** The last {@code lines} lines, oldest first; none when the log does not exist. */
    List<String> tail(Path log, int lines) throws IOException;

    /** Follows the log from a byte offset (its size: only what comes next). */
    LogLines follow(Path log, long fromOffset);

    /** New complete lines of a followed log, starting over when the log was rotated. */
    interface LogLines {
        List<String> poll() throws IOException;
    }
}
