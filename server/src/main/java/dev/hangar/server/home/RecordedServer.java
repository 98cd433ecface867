package dev.hangar.server.home;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the server of a HANGAR_HOME answers, as it wrote it to {@code server.url} when it was
 * ready: its pid (with the process's start time, so that a later process given the same pid is not
 * taken for it) and URL. The CLI reads it to find the server without HANGAR_URL.
 *
 * @param pid the server's process id
 * @param url its base URL, e.g. {@code http://localhost:18080}
 */
public record RecordedServer(long pid, String url) {

    static final String FILE = "server.url";

    /** The file of HANGAR_HOME {@code home}. */
    public static Path file(Path home) {
        return home.resolve(FILE);
    }

    /**
     * The server recorded in {@code home}, when the file is there and its process is alive; a file
     * left by a server that was killed is ignored.
     */
    public static Optional<RecordedServer> of(Path home) {
        Path file = file(home);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(properties.getProperty("pid", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String url = properties.getProperty("url", "");
        String started = properties.getProperty("started", "");
        boolean same = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(process -> started(process).equals(started))
                .orElse(false);
        return url.isBlank() || !same ? Optional.empty() : Optional.of(new RecordedServer(pid, url));
    }

    /** When the process started, to tell it from a later one given the same pid ("" where the system does not say). */
    private static String started(ProcessHandle process) {
        return process.info().startInstant().map(Object::toString).orElse("");
    }

    /** The URL a client on this machine uses for a server bound to {@code address} (blank: every address). */
    static String url(boolean tls, String address, int port) {
        String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                ? "localhost"
                : address.contains(":") ? "[" + address + "]" : address;
        return (tls ? "https" : "http") + "://" + host + ":" + port;
    }

    /** Writes {@code server.url} in {@code home}: whole or not at all, as a reader sees it. */
    void writeTo(Path home) {
        Properties properties = new Properties();
        properties.setProperty("pid", String.valueOf(pid));
        properties.setProperty("url", url);
        ProcessHandle.of(pid).ifPresent(process -> properties.setProperty("started", started(process)));
        Path target = file(home);
        try {
            Path temp = Files.createTempFile(home, FILE, ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(out, "the Hangar server running on this HANGAR_HOME; removed when it stops");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
