package dev.hangar.worker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a sequence's sampled pieces into the text its client receives: bytes are held until they form whole UTF-8
 * characters, and text that could be the start of a stop string is held until the next pieces settle it. When a stop
 * string appears, the text before it is the last to go out; the stop string and anything after it never do.
 */
final class OutputText {
    private final List<String> stops;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    OutputText(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /** Adds a token's bytes; returns the text that can go out now (often all of it, sometimes nothing). */
    String add(byte[] piece) {
        if (stopped) {
            return "";
        }
        bytes.writeBytes(piece);
        byte[] pending = bytes.toByteArray();
        int complete = completeLength(pending);
        bytes.reset();
        bytes.write(pending, complete, pending.length - complete);
        held.append(new String(pending, 0, complete, StandardCharsets.UTF_8));
        int stop = firstStop();
        if (stop >= 0) {
            stopped = true;
            String out = held.substring(0, stop);
            held.setLength(0);
            return out;
        }
        int keep = longestStopPrefixAtEnd();
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** Whether a stop string has appeared. */
    boolean stopped() {
        return stopped;
    }

    /** Everything still held, once the generation ends without a stop string. */
    String rest() {
        if (stopped) {
            return "";
        }
        String out = held + new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        held.setLength(0);
        bytes.reset();
        return out;
    }

    private int firstStop() {
        int first = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** The length of the longest end of the held text that some stop string starts with. */
    private int longestStopPrefixAtEnd() {
        String text = held.toString();
        int longest = 0;
        for (String stop : stops) {
            for (int length = Math.min(stop.length() - 1, text.length()); length > longest; length--) {
                if (text.regionMatches(text.length() - length, stop, 0, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }

    /** How many leading bytes form whole UTF-8 characters (an incomplete last character is left out). */
    static int completeLength(byte[] utf8) {
        int end = utf8.length;
        // A character is at most 4 bytes: look back at most 3 for the start of an unfinished one.
        for (int back = 1; back <= Math.min(3, end); back++) {
            int b = utf8[end - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? end - back : end;
        }
        return end;
    }
}
