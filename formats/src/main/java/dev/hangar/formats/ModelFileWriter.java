package dev.hangar.formats;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A writer of one whole model file; writing to a path or to bytes both go through {@link #writeTo(OutputStream)}. */
public interface ModelFileWriter {

    /** Writes the whole file; the stream is flushed but not closed. */
    void writeTo(OutputStream out) throws IOException;

    default void writeTo(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            writeTo(out);
        }
    }

    default byte[] toByteArray() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out);
        return out.toByteArray();
    }
}
