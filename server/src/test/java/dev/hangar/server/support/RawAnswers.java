package dev.hangar.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 answers read straight off a socket, for tests that write requests byte by byte. */
public final class RawAnswers {

    private RawAnswers() {}

    /** An answer's head, up to and including the blank line. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** One answer: its head, and its body when it declares a length. */
    public static String readAnswer(InputStream in) throws IOException {
        String head = readHead(in);
        int length = head.lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
