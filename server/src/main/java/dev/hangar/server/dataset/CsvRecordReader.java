package dev.hangar.server.dataset;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * Reads CSV records one at a time from a character stream, as RFC 4180 §2 defines them: fields
 * separated by commas, records by CRLF (or a bare LF or CR), and a field in double quotes may hold
 * commas, line breaks and doubled quotes. Only the fields a caller asks for are kept, so a data row
 * costs no memory; a leading byte order mark and empty lines are skipped.
 */
final class CsvRecordReader {

    /** Longest field text kept (header names); longer ones are cut, not read into memory. */
    static final int MAX_KEPT_FIELD = 1024;

    private static final int END = -1;

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private long recordLine;
    private boolean started;

    CsvRecordReader(Reader in) {
        this.in = in;
    }

    /** The line the last record read started on, counting from 1. */
    long recordLine() {
        return recordLine;
    }

    /**
     * Reads the next record and answers its number of fields, or -1 at the end of the input. When
     * {@code fields} is given, the fields' text is added to it.
     */
    int next(List<String> fields) throws IOException, InvalidDatasetFile {
        int c = read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        while (c == '\r' || c == '\n') {
            c = read();
        }
        if (c == END) {
            return END;
        }
        recordLine = line;
        int count = 0;
        StringBuilder field = fields == null ? null : new StringBuilder();
        while (true) {
            if (c == '"') {
                c = readQuoted(field);
            }
            while (c != ',' && c != '\r' && c != '\n' && c != END) {
                keep(field, c);
                c = read();
            }
            count++;
            if (field != null) {
                // Past the column cap a header's names are counted, not kept: a line of a billion commas stays small.
                if (fields.size() < FileInspection.MAX_COLUMNS) {
                    fields.add(field.toString());
                }
                field.setLength(0);
            }
            if (c != ',') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                return count;
            }
            c = read();
        }
    }

    /** Reads a quoted field's text after its opening quote; answers the character after the closing quote. */
    private int readQuoted(StringBuilder field) throws IOException, InvalidDatasetFile {
        long opened = line;
        while (true) {
            int c = read();
            if (c == END) {
                throw new InvalidDatasetFile("the quoted field that starts on line " + opened + " is never closed");
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    return after;
                }
            }
            keep(field, c);
        }
    }

    private static void keep(StringBuilder field, int c) {
        if (field != null && field.length() < MAX_KEPT_FIELD) {
            field.append((char) c);
        }
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        char c = buffer[position++];
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
